// Blazor JS initializer (loaded by blazor.web.js from this file's conventional name, no inline script, so the CSP holds).
// The data viewer's charts are one piece of SVG markup each with a single handler; "dayclick" tells that handler which
// day's bars were clicked, from the data-day of the group around the click (see DayClickEventArgs.cs).
export function afterWebStarted(blazor) {
    blazor.registerCustomEventType('dayclick', {
        browserEventName: 'click',
        createEventArgs: event => ({ day: event.target instanceof Element ? event.target.closest('[data-day]')?.getAttribute('data-day') ?? null : null }),
    });
}
