using System.ComponentModel.DataAnnotations;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Settings of the local Klaviyo imitation (configuration section <c>Klaviyo:Sandbox</c>).
/// The sandbox lets the product run without a Klaviyo key and gives tests a real HTTP Klaviyo to talk to.
/// </summary>
public sealed class SandboxOptions : IValidatableObject
{
    /// <summary>Configuration section the options bind from.</summary>
    public const string SectionName = "Klaviyo:Sandbox";

    /// <summary>When false, <c>MapKlaviyoSandbox</c> maps no routes at all. The host decides the default.</summary>
    public bool Enabled { get; set; }

    /// <summary>Seed of all generated demo data; the same seed gives byte-identical responses.</summary>
    [Range(0, long.MaxValue)]
    public long Seed { get; set; } = 20260715;

    /// <summary>Last account-local day with history; null means yesterday in each account's time zone at request time.</summary>
    public DateOnly? HistoryEndDate { get; set; }

    /// <summary>Number of account-local days of history ending at <see cref="HistoryEndDate"/>.</summary>
    [Range(1, 3660)]
    public int HistoryDays { get; set; } = 730;

    /// <summary>
    /// How report <c>date_times</c> and metric-aggregate <c>dates</c> are labelled: <see cref="SandboxDateLabels.Utc"/>
    /// (default; local midnight written <c>+00:00</c>, as in Klaviyo's OpenAPI examples) or
    /// <see cref="SandboxDateLabels.Local"/> (local midnight with the local offset). A client must read both right.
    /// </summary>
    public SandboxDateLabels DateLabels { get; set; } = SandboxDateLabels.Utc;

    /// <summary>
    /// Registers the demo accounts as clients when the host starts on a store with no clients (on in Development, so a
    /// new user can run a backfill at once). Needs <see cref="Enabled"/>.
    /// </summary>
    public bool RegisterDemoClients { get; set; }

    /// <summary>Maps <c>POST/DELETE /sandbox/klaviyo/_control/faults</c>; keep off outside tests.</summary>
    public bool EnableControlEndpoint { get; set; }

    /// <summary>Turns the per-account, per-endpoint limiter off entirely (load tests of other components).</summary>
    public bool RateLimitsEnabled { get; set; } = true;

    /// <summary>Length of the burst window (Klaviyo: 1 second).</summary>
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Length of the steady window (Klaviyo: 1 minute).</summary>
    public TimeSpan SteadyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Length of the daily window of the reporting endpoints (Klaviyo: 1 day).</summary>
    public TimeSpan DailyWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Overrides of Klaviyo's per-endpoint limits, keyed by endpoint name: <c>accounts, campaigns, flows, metrics,
    /// events, metric-aggregates, campaign-values-reports, flow-values-reports, flow-series-reports</c>.
    /// Unset values keep Klaviyo's tier.
    /// </summary>
    public Dictionary<string, SandboxRateLimitOverride> RateLimits { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Faults active from start-up, keyed by account slug (e.g. <c>rogue-creamery</c>).</summary>
    public Dictionary<string, SandboxFaultSettings> Faults { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// One more private key per demo account, keyed by account slug (<c>Klaviyo:Sandbox:AccountKeys:alder-and-ash</c>),
    /// accepted alongside the built-in <c>pk_sandbox_{slug}</c>. It lets a client that is not a sandbox client (its key
    /// comes from configuration or Secret Manager, its address from <c>Klaviyo:BaseUrl</c>) run against a demo account
    /// with a key of its own, e.g. a per-test sentinel. An unknown slug or a blank key fails validation at start.
    /// </summary>
    public Dictionary<string, string> AccountKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A key per demo account that lacks one scope (<c>Klaviyo:Sandbox:RestrictedKeys:alder-and-ash:Key</c> and
    /// <c>…:MissingScope</c>, e.g. <c>campaigns:read</c>): what a connection test must name when a key was created
    /// without a scope the backfill needs.
    /// </summary>
    public Dictionary<string, SandboxRestrictedKey> RestrictedKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Accounts generated from a seed besides the fixed demo accounts (<c>Klaviyo:Sandbox:GeneratedAccounts:Count</c>,
    /// <c>…:Seed</c>, <c>…:LargeCount</c>); none by default.
    /// </summary>
    public SandboxGeneratedAccountsOptions GeneratedAccounts { get; } = new();

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (GeneratedAccounts.Count is < 0 or > SandboxGeneratedAccountsOptions.MaxCount)
        {
            yield return new ValidationResult(
                $"Klaviyo:Sandbox:GeneratedAccounts:Count must be between 0 and {SandboxGeneratedAccountsOptions.MaxCount}.", [nameof(GeneratedAccounts)]);
        }
        if (GeneratedAccounts.LargeCount is { } large && (large < 0 || large > GeneratedAccounts.Count))
        {
            yield return new ValidationResult(
                "Klaviyo:Sandbox:GeneratedAccounts:LargeCount must be between 0 and GeneratedAccounts:Count.", [nameof(GeneratedAccounts)]);
        }
        foreach (var (slug, key) in AccountKeys)
        {
            if (SandboxAccountDefinitions.Fixed.All(a => !string.Equals(a.Slug, slug, StringComparison.OrdinalIgnoreCase))
                && SandboxGeneratedAccounts.NumberOf(slug, GeneratedAccounts.Count) is null)
            {
                // Names the slug only: the value is a key.
                yield return new ValidationResult($"Klaviyo:Sandbox:AccountKeys names '{slug}', which is not a demo account.", [nameof(AccountKeys)]);
            }
            else if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace))
            {
                yield return new ValidationResult($"Klaviyo:Sandbox:AccountKeys:{slug} is blank or contains whitespace.", [nameof(AccountKeys)]);
            }
        }
    }
}

/// <summary>Override of one endpoint's limits; null keeps Klaviyo's value.</summary>
public sealed class SandboxRateLimitOverride
{
    /// <summary>Requests per burst window.</summary>
    [Range(1, int.MaxValue)]
    public int? Burst { get; set; }

    /// <summary>Requests per steady window.</summary>
    [Range(1, int.MaxValue)]
    public int? Steady { get; set; }

    /// <summary>Requests per daily window (only the reporting endpoints have one by default).</summary>
    [Range(1, int.MaxValue)]
    public int? Daily { get; set; }
}

/// <summary>Faults injected for one account.</summary>
public sealed class SandboxFaultSettings
{
    /// <summary>Share (0–1) of requests answered with <see cref="ErrorStatus"/>; which ones is seeded.</summary>
    [Range(0.0, 1.0)]
    public double ErrorRate { get; set; }

    /// <summary>Status of injected server errors: 500 or 503 (or any 5xx).</summary>
    [Range(500, 599)]
    public int ErrorStatus { get; set; } = 503;

    /// <summary>Delay added before every response, in milliseconds (uses the injected TimeProvider).</summary>
    [Range(0, 600_000)]
    public int LatencyMs { get; set; }

    /// <summary>The next N requests get 429 regardless of the limiter.</summary>
    [Range(0, int.MaxValue)]
    public int ThrottleRequests { get; set; }

    /// <summary>All requests get 429 for this long from the moment the fault is set.</summary>
    public TimeSpan? ThrottleFor { get; set; }

    /// <summary>The next N requests get a Cloudflare-style HTML 403 instead of JSON.</summary>
    [Range(0, int.MaxValue)]
    public int Html403Requests { get; set; }

    /// <summary>The next N requests send 200 and part of the body, then stall until the client gives up.</summary>
    [Range(0, int.MaxValue)]
    public int StallBodyRequests { get; set; }

    /// <summary>The next N requests send 200 and part of the body, then abort the connection.</summary>
    [Range(0, int.MaxValue)]
    public int ResetBodyRequests { get; set; }

    /// <summary>The account's key is rejected with 401 as if it had been revoked.</summary>
    public bool RevokedKey { get; set; }

    /// <summary>Caps each reporting endpoint's daily quota (below Klaviyo's 225).</summary>
    [Range(0, int.MaxValue)]
    public int? ReportingDailyCap { get; set; }
}
