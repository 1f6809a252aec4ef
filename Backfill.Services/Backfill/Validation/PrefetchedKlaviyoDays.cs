namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// Klaviyo's daily orders of one validation window, asked for when a run starts rather than after its days: the
/// metric aggregate then shares the rate-limit windows the run's campaign statistics open instead of opening one of
/// its own (a refresh is over in about the second those take). Either side may have moved meanwhile; an order that
/// arrives during the run shows as a mismatch either way, and the next refresh reads it.
/// </summary>
internal sealed record PrefetchedKlaviyoDays(
    DateOnly First, DateOnly Last, Task<Dictionary<DateOnly, (long Orders, Dictionary<string, decimal> Revenue)>> Days);
