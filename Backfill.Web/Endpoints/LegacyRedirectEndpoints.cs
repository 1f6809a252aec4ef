namespace Backfill.Web.Endpoints;

public static class LegacyRedirectEndpoints
{
    /// <summary>Addresses of the previous app that bookmarks still point at.</summary>
    public static IEndpointRouteBuilder MapLegacyRedirects(this IEndpointRouteBuilder app)
    {
        // GET /static/backfill_manager.html — the old manager page; the manager now lives at /.
        app.MapGet("/static/backfill_manager.html", () => TypedResults.Redirect("/", permanent: true))
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }
}
