using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>Test-only switches: set or clear faults per account, and reset the limiter's counters.</summary>
internal static class SandboxControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<IResult> SetFaults(HttpContext http, SandboxFaults faults, SandboxWorld world)
    {
        // Only JSON is read as JSON: a text/plain or form body is what a page on another site can post without asking.
        if (!http.Request.HasJsonContentType())
        {
            return Results.Problem("The body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        SandboxFaultUpdate? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<SandboxFaultUpdate>(http.Request.Body, Json, http.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest(new { error = "Body must be a JSON object." });
        }
        if (update?.Account is not { } account || world.Accounts.FindBySlug(account)?.Slug != account)
        {
            return Results.BadRequest(new { error = "'account' must name a sandbox account." });
        }
        faults.Apply(account, update);
        return Results.NoContent();
    }

    public static IResult ResetFaults(SandboxFaults faults, SandboxRateLimiter limiter)
    {
        faults.Reset();
        limiter.Reset();
        return Results.NoContent();
    }
}
