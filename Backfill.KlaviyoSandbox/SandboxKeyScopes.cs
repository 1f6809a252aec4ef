namespace Backfill.KlaviyoSandbox;

/// <summary>Which scope each endpoint bucket needs, and the 403 Klaviyo answers a key that lacks it.</summary>
internal static class SandboxKeyScopes
{
    private static readonly Dictionary<string, string> ScopeByBucket = new(StringComparer.Ordinal)
    {
        ["accounts"] = "accounts:read",
        ["metrics"] = "metrics:read",
        ["metric-aggregates"] = "metrics:read",
        ["campaigns"] = "campaigns:read",
        ["campaign-values-reports"] = "campaigns:read",
        ["flows"] = "flows:read",
        ["flow-values-reports"] = "flows:read",
        ["flow-series-reports"] = "flows:read",
        ["events"] = "events:read",
    };

    /// <summary>The account a restricted key belongs to, or null.</summary>
    public static SandboxAccountDefinition? FindAccount(string key, SandboxOptions options, SandboxAccounts accounts) =>
        options.RestrictedKeys.FirstOrDefault(r => string.Equals(r.Value.Key, key, StringComparison.Ordinal)) is { Key: { } slug, Value: not null }
            ? accounts.FindBySlug(slug)
            : null;

    /// <summary>Throws Klaviyo's 403 when <paramref name="key"/> is restricted and <paramref name="bucket"/> needs the scope it lacks.</summary>
    public static void Check(string? key, string? bucket, SandboxOptions options)
    {
        if (key is null || bucket is null || !ScopeByBucket.TryGetValue(bucket, out var needed))
        {
            return;
        }

        foreach (var restricted in options.RestrictedKeys.Values)
        {
            if (string.Equals(restricted.Key, key, StringComparison.Ordinal) && string.Equals(restricted.MissingScope, needed, StringComparison.Ordinal))
            {
                throw new SandboxApiException(403, "permission_denied", "You do not have permission to perform this action.",
                    $"The API key specified is missing required scopes: {needed}.");
            }
        }
    }
}
