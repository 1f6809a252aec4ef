namespace Backfill.KlaviyoSandbox;

/// <summary>What a host or a benchmark needs to know of one generated sandbox account.</summary>
/// <param name="Slug">The account's slug, also the id its client is registered under (<c>gen-0001</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="ApiKey">The sandbox key (<c>pk_sandbox_{slug}</c>); a sandbox client derives it from its id.</param>
/// <param name="TimeZoneId">IANA timezone of the account.</param>
/// <param name="Currency">The account's currency.</param>
/// <param name="OrdersPerDay">Mean orders a day before weekday and month factors.</param>
/// <param name="Size">Size class.</param>
public sealed record SandboxGeneratedAccount(
    string Slug, string Name, string ApiKey, string TimeZoneId, string Currency, double OrdersPerDay, SandboxGeneratedAccountSize Size);
