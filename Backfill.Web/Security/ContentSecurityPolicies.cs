namespace Backfill.Web.Security;

/// <summary>The Content-Security-Policy values the app sends; each source is there for a reason given below.</summary>
public static class ContentSecurityPolicies
{
    /// <summary>
    /// Every response except the API reference. Scripts only from our own files (blazor.web.js, MudBlazor.min.js, the
    /// reconnect module): the app renders no inline script (App.razor has no import map for that reason), so none
    /// may run. Styles also inline, because MudBlazor writes style attributes and its theme provider a style element.
    /// <c>data:</c> images for the data-URI images in MudBlazor's stylesheet. Fonts are the system's; none are
    /// loaded, so only our own would be. <c>connect-src 'self'</c> covers the circuit's WebSocket (Chromium matches
    /// ws/wss to the same host and port with 'self'). <c>object-src 'none'</c> and <c>base-uri 'self'</c> close
    /// plugin and base-tag injection; <c>frame-ancestors 'none'</c> clickjacking. <c>form-action</c> also allows
    /// Google's sign-in, which a sign-in form post redirects to (Chromium applies form-action to such redirects).
    /// </summary>
    public const string App =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self' https://accounts.google.com; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// The Scalar API reference page (<c>/scalar</c>): as <see cref="App"/>, except that inline scripts run. Scalar's
    /// page starts itself with an inline module script carrying its options and base path; a hash would change with
    /// every option or package update, and the page shows only our own OpenAPI document, fetched from this origin
    /// (<c>connect-src 'self'</c>, as are its "Test Request" calls). No <c>'unsafe-eval'</c>: the only eval Scalar
    /// tries is a probe by its bundled zod, switched off in ApiReferenceEndpoints.
    /// </summary>
    public const string ApiReference =
        "default-src 'self'; " +
        "script-src 'self' 'unsafe-inline'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";
}
