namespace Backfill.Services.Clients.Onboarding;

/// <summary>Why a connection test failed; each names one thing the operator can fix.</summary>
public enum ConnectionFailure
{
    /// <summary>Secret Manager has no such secret (or it has no versions).</summary>
    NoSuchSecret,

    /// <summary>The app's service account may not read the secret.</summary>
    SecretPermissionDenied,

    /// <summary>No key could be found otherwise (not configured, malformed, Secret Manager unreachable).</summary>
    KeyUnavailable,

    /// <summary>Klaviyo answered 401: the key is wrong or revoked.</summary>
    KeyRefused,

    /// <summary>Klaviyo answered 403 naming a scope the key lacks.</summary>
    MissingScope,

    /// <summary>The account has no "Placed Order" metric (or not the configured one).</summary>
    NoPlacedOrderMetric,

    /// <summary>Klaviyo failed otherwise (5xx after retries, rate limited for long, unreachable).</summary>
    KlaviyoError,
}
