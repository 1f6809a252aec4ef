using Backfill.Services.Backfill.Export;
using Backfill.Services.Clients;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>
/// <c>/api/backfill/data/{client_id}/export</c>: a client's orders, daily summary, campaigns or flows as a CSV or xlsx
/// download, written while it is read.
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/backfill").WithTags("Backfill")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // GET /api/backfill/data/{client_id}/export?kind=orders|daily|campaigns|flows&format=csv|xlsx&from=2025-01-01&to=2025-12-31
        api.MapGet("/data/{client_id}/export", ExportAsync).WithName("ExportBackfilledData")
            .WithSummary("Export a client's orders, daily summary, campaigns or flows (optionally of a range of days) as CSV or xlsx")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ExportRequest.XlsxContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ExportAsync(
        string client_id, HttpRequest request, BackfillExporter exporter, ClientRegistry clients, TimeProvider time, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        var kind = input.Choice(input.Query(request, "kind"), "kind", ExportRequest.KindNames);
        if (kind is null && !input.Errors.ContainsKey("kind"))
        {
            input.Fail("kind", $"kind is required: one of {string.Join(", ", ExportRequest.KindNames.Keys)}");
        }

        var format = input.Choice(input.Query(request, "format"), "format", ExportRequest.FormatNames) ?? ExportFormat.Csv;
        // Up to tomorrow (UTC), as the order routes: every timezone's today, and no day that cannot have data yet.
        var latest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1);
        var from = input.Date(input.Query(request, "from"), "from", latest);
        var to = input.Date(input.Query(request, "to"), "to", latest);
        if (from > to)
        {
            input.Fail("to", "to must be on or after from");
        }

        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (await clients.GetAsync(id, cancellationToken) is null)
        {
            return CommandResults.UnknownClient(id);
        }

        var export = new ExportRequest(id, kind!.Value, format, from, to);
        return Results.Stream(body => exporter.WriteAsync(export, body, cancellationToken), export.ContentType, export.FileName);
    }
}
