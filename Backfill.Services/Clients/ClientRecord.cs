using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>
/// One agency client: a Klaviyo account whose history we copy. Stored at <c>clients/{client_id}</c>; holds the
/// <em>name</em> of the secret with the Klaviyo key, never the key.
/// </summary>
/// <param name="KlaviyoSecretName">Secret Manager secret with the key; null means <c>klaviyo-api-key-{client_id}</c>.</param>
/// <param name="PlacedOrderMetricId">The "Placed Order" metric to use when the account has several; null = detect.</param>
/// <param name="SandboxAccount">True for the built-in Klaviyo sandbox's demo accounts (the key is the sandbox key).</param>
public sealed record ClientRecord(
    ClientId Id,
    string Name,
    string? KlaviyoSecretName,
    string? PlacedOrderMetricId,
    bool SandboxAccount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const int MaxNameLength = 200;

    /// <summary>
    /// Days before the end of coverage this client's refreshes read again; null = <c>Backfill:Refresh:LookbackDays</c>.
    /// A refresh request's own <c>lookback_days</c> still wins.
    /// </summary>
    public int? RefreshLookbackDays { get; init; }

    /// <summary>The secret that holds this client's Klaviyo key.</summary>
    public string EffectiveSecretName => KlaviyoSecretName ?? $"klaviyo-api-key-{Id.Value}";
}

/// <summary>What a caller supplies to register a client; validated by <see cref="NewClientValidator"/>.</summary>
public sealed record NewClient(
    string? Id,
    string? Name,
    string? KlaviyoSecretName = null,
    string? PlacedOrderMetricId = null,
    bool SandboxAccount = false)
{
    /// <summary>The client's own refresh lookback (1–90 days); null = the configured default.</summary>
    public int? RefreshLookbackDays { get; init; }
}
