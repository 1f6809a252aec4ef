using System.Globalization;
using Backfill.Services.Storage;

namespace Backfill.Services.Quota;

/// <summary>
/// One client's reporting calls on one UTC day, against the budget. <see cref="Exhausted"/> is set when Klaviyo's own
/// daily cap answered 429 (other tools on the same key spent it), whatever our count says.
/// </summary>
public sealed record ReportingQuotaDay(ClientId ClientId, DateOnly Date, long Used, int Budget, bool Exhausted, DateTimeOffset ResetsAt)
{
    /// <summary>Calls left today; 0 once exhausted.</summary>
    public long Remaining => Exhausted ? 0 : Math.Max(0, Budget - Used);

    /// <summary>The count shown to people: an exhausted day reads as the whole budget used.</summary>
    public long ShownUsed => Exhausted ? Math.Max(Used, Budget) : Used;

    /// <summary>Why a run waits: "daily reporting budget used: 150/150; resumes 00:00 UTC".</summary>
    public string WaitReason =>
        string.Create(CultureInfo.InvariantCulture, $"daily reporting budget used: {ShownUsed}/{Budget}; resumes {ResetsAt:HH:mm} UTC");
}
