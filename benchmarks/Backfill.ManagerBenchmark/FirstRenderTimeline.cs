using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Backfill.ManagerBenchmark;

/// <summary>
/// Where a first render's time goes, read in the page itself: the document's response, each script and style sheet
/// (time, bytes on the wire and decoded, so an uncompressed asset shows), the circuit's WebSocket (created, open), every
/// message the server sent over it until the first row showed (time, bytes, and the SignalR target it invokes, e.g.
/// <c>JS.RenderBatch</c>), the data-interactive marker and the first row in the DOM. All times are milliseconds from
/// navigation start (<c>performance.now()</c>); a file's times are printed as fetch start / request sent / first byte /
/// last byte, so waiting for a connection, the server's answer and the transfer show apart.
/// </summary>
internal sealed record FirstRenderTimeline(
    double RequestStart,
    double ResponseStart,
    double ResponseEnd,
    double DomContentLoaded,
    IReadOnlyList<FirstRenderTimeline.Resource> Resources,
    double? SocketCreated,
    double? SocketOpen,
    IReadOnlyList<FirstRenderTimeline.Message> Messages,
    double? Interactive,
    double? FirstRow,
    double LayoutShift)
{
    /// <summary>
    /// Added to each context before any page script (through the DevTools protocol, so the app's CSP does not apply):
    /// wraps WebSocket to time the circuit's messages and watches the DOM for the marker and the first row.
    /// </summary>
    public const string InitScript = """
        (() => {
          const t = window.__firstRender = { messages: [], socketCreated: null, socketOpen: null, interactive: null, firstRow: null, shift: 0, rows: [] };
          // Layout shifts (Chromium's Layout Instability API): parts that arrive after the first rows must not move them.
          new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { t.shift += e.value; } } })
            .observe({ type: 'layout-shift', buffered: true });
          const Native = window.WebSocket;
          // blazorpack frames are length-prefixed MessagePack invocations; the target's name is near the start.
          const targetOf = data => {
            if (typeof data === 'string') { return 'text'; }
            const head = new Uint8Array(data, 0, Math.min(data.byteLength, 400));
            let text = '';
            for (const b of head) { text += b >= 32 && b < 127 ? String.fromCharCode(b) : ' '; }
            const match = text.match(/JS\.[A-Za-z]+/);
            return match ? match[0] : (data.byteLength <= 16 ? 'control' : 'other');
          };
          window.WebSocket = class extends Native {
            constructor(...args) {
              super(...args);
              t.socketCreated ??= performance.now();
              this.addEventListener('open', () => { t.socketOpen ??= performance.now(); });
              this.addEventListener('message', e => {
                if (t.firstRow === null) {
                  t.messages.push([performance.now(), typeof e.data === 'string' ? e.data.length : e.data.byteLength, targetOf(e.data)]);
                }
              });
            }
          };
          const look = () => {
            const now = performance.now();
            if (t.interactive === null && document.querySelector('[data-interactive=true]')) { t.interactive = now; }
            if (t.firstRow === null && document.querySelector("tr[data-testid^='client-row-']")) { t.firstRow = now; }
            const rows = document.querySelectorAll("tr[data-testid^='client-row-']").length;
            if (rows > 0 && (t.rows.length === 0 || t.rows[t.rows.length - 1][1] !== rows)) { t.rows.push([now, rows]); }
          };
          new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
        })();
        """;

    /// <summary>Reads the timeline once the first row has shown (the layout shift again after the whole page: <see cref="ShiftScript"/>).</summary>
    public const string ReadScript = """
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          const t = window.__firstRender;
          return {
            requestStart: nav.requestStart, responseStart: nav.responseStart, responseEnd: nav.responseEnd,
            domContentLoaded: nav.domContentLoadedEventEnd,
            resources: performance.getEntriesByType('resource').map(r => ({
              name: new URL(r.name).pathname, start: r.startTime, request: r.requestStart, response: r.responseStart, end: r.responseEnd,
              transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize })),
            socketCreated: t.socketCreated, socketOpen: t.socketOpen, interactive: t.interactive, firstRow: t.firstRow,
            messages: t.messages, shift: t.shift,
          };
        }
        """;

    /// <summary>The layout shift so far (read after the whole first page has shown).</summary>
    public const string ShiftScript = "() => window.__firstRender.shift";

    /// <summary>When the grid's row count changed, as [time, rows] pairs (read after the whole first page has shown).</summary>
    public const string RowsScript = "() => window.__firstRender.rows";

    /// <summary>The first render as the task defines it: the circuit is interactive and the first row shows, in the page.</summary>
    public double? Shown => Interactive is { } interactive && FirstRow is { } row ? Math.Max(interactive, row) : null;

    public static FirstRenderTimeline Parse(JsonElement json) => new(
        json.GetProperty("requestStart").GetDouble(),
        json.GetProperty("responseStart").GetDouble(),
        json.GetProperty("responseEnd").GetDouble(),
        json.GetProperty("domContentLoaded").GetDouble(),
        [.. json.GetProperty("resources").EnumerateArray().Select(r => new Resource(
            r.GetProperty("name").GetString()!, r.GetProperty("start").GetDouble(), r.GetProperty("request").GetDouble(), r.GetProperty("response").GetDouble(), r.GetProperty("end").GetDouble(),
            r.GetProperty("encoded").GetInt64(), r.GetProperty("decoded").GetInt64()))],
        Nullable(json, "socketCreated"),
        Nullable(json, "socketOpen"),
        [.. json.GetProperty("messages").EnumerateArray().Select(m => new Message(m[0].GetDouble(), m[1].GetInt64(), m[2].GetString()!))],
        Nullable(json, "interactive"),
        Nullable(json, "firstRow"),
        json.GetProperty("shift").GetDouble());

    /// <summary>The first render batch the circuit received (the layout and page's first render).</summary>
    public Message? FirstBatch => Messages.FirstOrDefault(m => m.Target == "JS.RenderBatch");

    /// <summary>The render batches received until the first row showed.</summary>
    public IEnumerable<Message> Batches => Messages.Where(m => m.Target == "JS.RenderBatch");

    /// <summary>One line: the phases in order, then the render batches before the first row.</summary>
    public string Describe()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"document {RequestStart:N0}/{ResponseStart:N0}/{ResponseEnd:N0}");
        foreach (var resource in Resources.Where(r => r.Name.EndsWith(".js", StringComparison.Ordinal) || r.Name.EndsWith(".css", StringComparison.Ordinal)))
        {
            line.Append(CultureInfo.InvariantCulture, $", {Short(resource.Name)} {resource.Start:N0}/{resource.Request:N0}/{resource.Response:N0}/{resource.End:N0} ({resource.Encoded / 1024.0:N0}/{resource.Decoded / 1024.0:N0} KiB)");
        }

        foreach (var negotiate in Resources.Where(r => r.Name.Contains("negotiate", StringComparison.Ordinal)))
        {
            line.Append(CultureInfo.InvariantCulture, $", negotiate {negotiate.Start:N0}–{negotiate.End:N0}");
        }

        line.Append(CultureInfo.InvariantCulture, $", DOMContentLoaded {DomContentLoaded:N0}, socket {SocketCreated:N0} open {SocketOpen:N0}");
        var batches = Batches.ToList();
        line.Append(CultureInfo.InvariantCulture, $", {batches.Count} batches [{string.Join(", ", batches.Select(b => $"{b.At:N0} ms {b.Bytes / 1024.0:N1} KiB"))}]");
        line.Append(CultureInfo.InvariantCulture, $", other messages {Messages.Count - batches.Count} ({Messages.Where(m => m.Target != "JS.RenderBatch").Sum(m => m.Bytes) / 1024.0:N1} KiB: {string.Join(" ", Messages.Where(m => m.Target != "JS.RenderBatch").GroupBy(m => m.Target).Select(g => $"{g.Key}×{g.Count()}"))})");
        line.Append(CultureInfo.InvariantCulture, $", messages in order [{string.Join(", ", Messages.Select(m => $"{m.At:N0} {m.Target} {m.Bytes:N0} B"))}]");
        line.Append(CultureInfo.InvariantCulture, $", interactive {Interactive:N0}, first row {FirstRow:N0}");
        return line.ToString();
    }

    private static string Short(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static double? Nullable(JsonElement json, string name) =>
        json.GetProperty(name).ValueKind == JsonValueKind.Number ? json.GetProperty(name).GetDouble() : null;

    /// <param name="Request">When the request was sent (after any wait for a connection).</param>
    /// <param name="Response">When the response's first byte arrived.</param>
    internal sealed record Resource(string Name, double Start, double Request, double Response, double End, long Encoded, long Decoded);

    internal sealed record Message(double At, long Bytes, string Target);
}
