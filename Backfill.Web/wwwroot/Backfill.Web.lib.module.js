// Blazor JS initializer (loaded by blazor.web.js from this file's conventional name, no inline script, so the CSP holds).

// The circuit opens its WebSocket straight away instead of negotiating a transport first: one round trip to the server
// fewer before the manager's first render (every round trip waits for the server, which is busy with the runs). The
// hub then needs WebSockets (no long-polling fallback); Blazor Server needs them to work well anyway, and the hub's
// origin check applies to the WebSocket as before (CrossSiteRequestGuard).
export function beforeWebStart(options) {
    options.circuit.configureSignalR = builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 });
}

// The data viewer's charts are one piece of SVG markup each with a single handler; "dayclick" tells that handler which
// day's bars were clicked, from the data-day of the group around the click (see DayClickEventArgs.cs).
export function afterWebStarted(blazor) {
    blazor.registerCustomEventType('dayclick', {
        browserEventName: 'click',
        createEventArgs: event => ({ day: event.target instanceof Element ? event.target.closest('[data-day]')?.getAttribute('data-day') ?? null : null }),
    });
}
