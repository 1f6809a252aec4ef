namespace Backfill.Services.Backfill.Refunds;

/// <summary>What a pass of refunds over stored orders did: the events parked as unmatched, and the orders it found.</summary>
/// <param name="Unmatched">Refund and cancellation events kept at <c>unmatched_refunds</c> (their order is not stored).</param>
/// <param name="Found">The <c>$event_id</c>s of the stored orders the pass found (their refunds merged, or already there).</param>
internal sealed record AppliedRefunds(long Unmatched, IReadOnlySet<string> Found)
{
    public static AppliedRefunds None { get; } = new(0, new HashSet<string>());
}
