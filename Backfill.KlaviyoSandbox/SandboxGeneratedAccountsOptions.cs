namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Extra sandbox accounts made from a seed (<c>Klaviyo:Sandbox:GeneratedAccounts</c>), for fleets larger than the three
/// fixed demo accounts: slugs <c>gen-0001</c>, <c>gen-0002</c>, … with keys <c>pk_sandbox_gen-0001</c>, …
/// They answer every sandbox endpoint exactly as the fixed accounts do.
/// </summary>
public sealed class SandboxGeneratedAccountsOptions
{
    /// <summary>Upper bound of <see cref="Count"/>: the slug has four digits.</summary>
    public const int MaxCount = 9999;

    /// <summary>How many accounts to generate (default 0: none, only the fixed demo accounts exist).</summary>
    public int Count { get; set; }

    /// <summary>
    /// Seed of the accounts' character (size, timezone, currency, products, cities). The same seed and count give the
    /// same accounts; their data then follows the sandbox's own <see cref="SandboxOptions.Seed"/> like every account's.
    /// </summary>
    public long Seed { get; set; } = 1;

    /// <summary>
    /// How many of them are as large as <c>northloop-outfitters</c> (~300 orders a day, ~130k a year). Null (default)
    /// derives it: <c>min(Count / 6, 2 + Count / 100)</c>, so 12 accounts have 2 large ones, 500 have 7, under 6 none.
    /// The rest are mostly small (1–20 orders a day) with a fifth medium (20–80).
    /// </summary>
    public int? LargeCount { get; set; }

    /// <summary>The number of large accounts after deriving the default.</summary>
    public int EffectiveLargeCount => Math.Clamp(LargeCount ?? Math.Min(Count / 6, 2 + (Count / 100)), 0, Math.Max(0, Count));
}
