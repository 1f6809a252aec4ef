namespace Backfill.KlaviyoSandbox;

/// <summary>Where a generated account trades: its timezone, currency and locale, and the currency a few orders come in.</summary>
internal sealed record SandboxRegion(string TimeZoneId, string Currency, string Locale, string? ForeignCurrency)
{
    /// <summary>
    /// The regions generated accounts are spread over: both sides of UTC, both hemispheres' daylight saving, and the
    /// currencies the fixed accounts do not use, so a fleet exercises day boundaries and currencies the fixed three do not.
    /// </summary>
    public static IReadOnlyList<SandboxRegion> All { get; } =
    [
        new("America/New_York", "USD", "en-US", "CAD"),
        new("America/Chicago", "USD", "en-US", null),
        new("America/Denver", "USD", "en-US", null),
        new("America/Los_Angeles", "USD", "en-US", null),
        new("America/Toronto", "CAD", "en-CA", "USD"),
        new("America/Vancouver", "CAD", "en-CA", "USD"),
        new("Europe/London", "GBP", "en-GB", "EUR"),
        new("Europe/Berlin", "EUR", "de-DE", null),
        new("Europe/Vienna", "EUR", "de-AT", "CHF"),
        new("Australia/Sydney", "AUD", "en-AU", "NZD"),
    ];
}
