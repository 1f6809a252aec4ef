using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>Names the rate-limit bucket of an endpoint (Klaviyo limits per account and per endpoint).</summary>
internal sealed record SandboxBucket(string Name);

/// <summary>
/// Runs before every <c>/api</c> handler, in Klaviyo's order: key, revision, injected faults, rate limit.
/// It also turns <see cref="SandboxApiException"/> from handlers into Klaviyo error documents.
/// </summary>
internal sealed partial class SandboxGate(SandboxWorld world, SandboxRateLimiter limiter, SandboxFaults faults, SandboxChanges changes) : IEndpointFilter
{
    private const string CatalogKey = "klaviyo.sandbox.catalog";
    private const string ChangesKey = "klaviyo.sandbox.changes";
    private static readonly DateOnly OldestRevision = new(2022, 10, 17);
    private static readonly DateOnly NewestRevision = new(2026, 10, 15);

    public static SandboxCatalog Catalog(HttpContext http) => (SandboxCatalog)http.Items[CatalogKey]!;

    /// <summary>The account's control-endpoint changes, read once per request so one response sees one state.</summary>
    public static SandboxChangeSet Changes(HttpContext http) => (SandboxChangeSet)http.Items[ChangesKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var account = Authenticate(http);
            SandboxKeyScopes.Check(Key(http), http.GetEndpoint()?.Metadata.GetMetadata<SandboxBucket>()?.Name, world.Options);
            CheckRevision(http);
            var fault = faults.Next(account.Slug);
            if (fault.LatencyMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(fault.LatencyMs), world.Time, http.RequestAborted);
            }
            switch (fault.Kind)
            {
                case SandboxFaultKind.RevokedKey:
                    throw new SandboxApiException(401, "authentication_failed", "Incorrect authentication credentials.", "Incorrect authentication credentials.");
                case SandboxFaultKind.Html403:
                    return SandboxResponses.CloudflareChallenge(http);
                case SandboxFaultKind.Throttle:
                    return SandboxResponses.Throttled(http, fault.RetryAfterSeconds);
                case SandboxFaultKind.ServerError:
                    throw new SandboxApiException(fault.Status, "error", "A server error occurred.", "A server error occurred.");
                case SandboxFaultKind.StallBody or SandboxFaultKind.ResetBody:
                    await SandboxBrokenBody.WriteAsync(http, fault.Kind == SandboxFaultKind.ResetBody);
                    return Results.Empty;
            }

            if (http.GetEndpoint()?.Metadata.GetMetadata<SandboxBucket>() is { } bucket)
            {
                var decision = limiter.Acquire(account.Slug, bucket.Name);
                if (!decision.Allowed)
                {
                    return SandboxResponses.Throttled(http, decision.RetryAfterSeconds);
                }
                var headers = http.Response.Headers;
                headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            }
            http.Items[CatalogKey] = world.Catalog(account);
            http.Items[ChangesKey] = changes.Current(account.Slug);
            return await next(context);
        }
        catch (SandboxApiException error)
        {
            return SandboxResponses.Error(error, http);
        }
    }

    private SandboxAccountDefinition Authenticate(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new SandboxApiException(401, "not_authenticated", "Authentication credentials were not provided.", "Missing or invalid authorization scheme. Please use Klaviyo-API-Key.");
        }
        var key = Key(http);
        return (key is null ? null : world.Accounts.FindByKey(key) ?? SandboxKeyScopes.FindAccount(key, world.Options, world.Accounts))
            ?? throw new SandboxApiException(401, "authentication_failed", "Incorrect authentication credentials.", "Incorrect authentication credentials.");
    }

    private static string? Key(HttpContext http)
    {
        const string Scheme = "Klaviyo-API-Key ";
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.Ordinal) ? header[Scheme.Length..].Trim() : null;
    }

    private static void CheckRevision(HttpContext http)
    {
        var revision = http.Request.Headers["revision"].ToString();
        if (string.IsNullOrEmpty(revision))
        {
            throw new SandboxApiException(400, "invalid", "Invalid input.", "Missing required header: 'revision'. Please provide a revision in the format YYYY-MM-DD.", "revision");
        }
        var match = RevisionPattern().Match(revision);
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < OldestRevision
            || date > NewestRevision)
        {
            throw new SandboxApiException(400, "invalid", "Invalid input.",
                string.Create(CultureInfo.InvariantCulture, $"Invalid revision header '{revision}'. Revisions must be YYYY-MM-DD[.suffix] between {OldestRevision:yyyy-MM-dd} and {NewestRevision:yyyy-MM-dd}."),
                "revision");
        }
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})(\.[a-z]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RevisionPattern();
}
