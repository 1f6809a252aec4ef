using System.Text.Json;
using Backfill.Services.Clients.Onboarding;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The answer of <c>POST /api/clients/import</c>: counts, then every row with its outcome and reasons.</summary>
internal sealed record ClientImportResponse(
    bool DryRun, int Rows, int Valid, int Invalid, int Duplicates, int ConnectionFailed, int Imported, int Refused, IReadOnlyList<ClientImportRowResponse> Results)
{
    public static ClientImportResponse From(ClientImportResult r) => new(
        r.DryRun, r.Rows.Count, r.Count(ClientImportOutcome.Valid), r.Count(ClientImportOutcome.Invalid), r.Count(ClientImportOutcome.Duplicate),
        r.Count(ClientImportOutcome.ConnectionFailed), r.Count(ClientImportOutcome.Imported), r.Count(ClientImportOutcome.Refused),
        [.. r.Rows.Select(ClientImportRowResponse.From)]);
}

/// <param name="Outcome"><c>valid</c>, <c>invalid</c>, <c>duplicate</c>, <c>connection_failed</c>, <c>imported</c> or <c>refused</c>.</param>
internal sealed record ClientImportRowResponse(
    int Row, string? Id, string? Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, string Outcome, IReadOnlyList<string> Reasons,
    ConnectionTestResponse? Connection)
{
    public static ClientImportRowResponse From(ClientImportRow r) => new(
        r.Row, r.Client.Id, r.Client.Name, r.Client.KlaviyoSecretName, r.Client.PlacedOrderMetricId,
        JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Outcome.ToString()), r.Reasons,
        r.Connection is { } c ? ConnectionTestResponse.From(c) : null);
}
