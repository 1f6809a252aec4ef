using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The body faults: a 200 whose headers and first bytes arrive, then either nothing more (stall) or an aborted
/// connection (reset). Both are what a flaky proxy or an overloaded API does mid-response, after a client has
/// already seen a success status.
/// </summary>
internal static class SandboxBrokenBody
{
    /// <summary>A stalled body gives up on its own after this long, so a client without a timeout cannot pin the server forever.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An abort sends a TCP reset, and a reset that overtakes unread bytes discards them: the pause lets the client
    /// take the headers first, so the break lands mid-body as intended rather than before the status line.
    /// </summary>
    private static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(1);

    public static async Task WriteAsync(HttpContext http, bool reset)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/vnd.api+json";
        await http.Response.WriteAsync("{\"data\":[", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
        try
        {
            // Real time, not the sandbox clock: both are about sockets, and a frozen test clock must not hold them.
            await Task.Delay(reset ? ResetAfter : StallLimit, TimeProvider.System, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        http.Abort();
    }
}
