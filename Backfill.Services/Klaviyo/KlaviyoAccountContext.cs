namespace Backfill.Services.Klaviyo;

/// <summary>
/// Who a client talks to: one account's key plus where its API lives. One client instance serves exactly one
/// context, so a key for account A is never sent with a request for account B.
/// </summary>
/// <param name="ApiKey">The account's private key (prints redacted).</param>
/// <param name="AccountLabel">A non-secret name for logs and errors, e.g. the client id.</param>
/// <param name="BaseUrl">Overrides <see cref="KlaviyoOptions.BaseUrl"/>, e.g. the local sandbox.</param>
public sealed record KlaviyoAccountContext(KlaviyoApiKey ApiKey, string AccountLabel, Uri? BaseUrl = null);
