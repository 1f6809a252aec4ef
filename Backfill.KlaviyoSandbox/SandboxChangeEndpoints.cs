using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Test-only: makes an account's data change after the fact (late orders, deleted orders, edited and deleted
/// campaigns and flows), so a client's incremental and full re-reads can be tested. Errors are RFC 7807 problems.
/// </summary>
internal static class SandboxChangeEndpoints
{
    // Relaxed escaping so campaign names read as the listings show them ("–", not "\u2013").
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<Results<JsonHttpResult<SandboxChangeReport>, ValidationProblem, ProblemHttpResult>> ApplyAsync(
        HttpContext http, SandboxWorld world, SandboxChanges changes)
    {
        var reading = await SandboxChangeRequestReader.ReadAsync(http.Request, world, http.RequestAborted);
        if (reading.Refusal is { } refusal)
        {
            return refusal;
        }
        if (reading.Request is not { } request)
        {
            return TypedResults.ValidationProblem(reading.Errors, title: "The change request has invalid values");
        }
        var report = changes.Apply(world.Catalog(request.Account), request, world.Time.GetUtcNow());
        return TypedResults.Json(report, Json);
    }

    public static Results<NoContent, ValidationProblem> Undo(HttpContext http, SandboxChanges changes, SandboxWorld world)
    {
        var accounts = http.Request.Query["account"];
        if (accounts.Count == 0)
        {
            changes.Reset(null);
            return TypedResults.NoContent();
        }
        if (accounts.Count > 1 || world.Accounts.FindBySlug(accounts[0] ?? string.Empty) is not { } account)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["account"] = ["account must be given once, as the slug of a sandbox account"] },
                title: "The undo request has invalid values");
        }
        changes.Reset(account.Slug);
        return TypedResults.NoContent();
    }
}
