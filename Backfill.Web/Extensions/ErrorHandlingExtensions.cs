namespace Backfill.Web.Extensions;

public static class ErrorHandlingExtensions
{
    private static readonly PathString[] ApiPrefixes = ["/api", "/health", "/openapi"];

    /// <summary>
    /// Problem details (RFC 7807) for API routes; other routes re-render the not-found page inside the shell.
    /// </summary>
    public static WebApplication UseBackfillErrorHandling(this WebApplication app)
    {
        // In Development too: the developer exception page shows the stack, source paths and every request header (an
        // API key in Authorization included), and local mode runs as Development. The log keeps the exception.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's request errors keep their status (a body over Http:MaxRequestBodyBytes is 413); the rest are 500.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });

        // Order matters: the inner API branch writes a problem body first, so the outer re-execute leaves it alone.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApiRequest, api => api.UseStatusCodePages());
        return app;
    }

    private static bool IsApiRequest(HttpContext context) =>
        Array.Exists(ApiPrefixes, prefix => context.Request.Path.StartsWithSegments(prefix));
}
