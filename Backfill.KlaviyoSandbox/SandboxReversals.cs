namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The one answer to "the Refunded and Cancelled Order events of account A on local day D". They are derived from the
/// orders of the days before (through <see cref="SandboxOrders.OfDay"/>, so a deleted order loses its reversals), and
/// events and metric aggregates both read them here, so they agree. Nothing is generated unless a reversal metric (or
/// every metric) is asked for, so Placed Order reads cost what they did.
/// </summary>
internal static class SandboxReversals
{
    /// <summary>
    /// Order days read before the first listed day. One more than the policy's delay, because a delay of whole days
    /// can still move an event two local days on when it crosses a daylight-saving change.
    /// </summary>
    private const int LookbackDays = SandboxReversalPolicy.MaxDelayDays + 2;

    /// <summary>Unix seconds of the last moment a reversal may have: the end of the history, or now if earlier.</summary>
    public static long Cutoff(SandboxCatalog catalog, DateTimeOffset now) =>
        Math.Min(catalog.LocalDayStart(catalog.HistoryEnd.AddDays(1)).ToUnixTimeSeconds() - 1, now.ToUnixTimeSeconds());

    /// <summary>
    /// Every local day from <paramref name="firstDay"/> to <paramref name="lastDay"/> (in the listing direction) with
    /// its reversals in time order. Lazy: a reader that stops early reads no further order days.
    /// </summary>
    public static IEnumerable<SandboxReversal[]> ByDay(
        SandboxCatalog catalog, SandboxChangeSet changes, DateOnly firstDay, DateOnly lastDay, bool descending, long cutoff)
    {
        var pending = new Dictionary<DateOnly, List<SandboxReversal>>();
        var scratch = new List<SandboxReversal>();
        if (descending)
        {
            var orderDay = lastDay;
            for (var day = lastDay; day >= firstDay; day = day.AddDays(-1))
            {
                // Day D is complete once every order day that can reach it (D back to D - lookback) has been read.
                for (; orderDay >= day.AddDays(-LookbackDays) && orderDay >= catalog.HistoryStart; orderDay = orderDay.AddDays(-1))
                {
                    Read(orderDay);
                }
                yield return Take(day);
            }
        }
        else
        {
            var orderDay = Max(firstDay.AddDays(-LookbackDays), catalog.HistoryStart);
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                for (; orderDay <= day; orderDay = orderDay.AddDays(1))
                {
                    Read(orderDay);
                }
                yield return Take(day);
            }
        }

        void Read(DateOnly orderDay)
        {
            foreach (var order in SandboxOrders.OfDay(catalog, changes, orderDay))
            {
                scratch.Clear();
                SandboxReversalPolicy.Derive(catalog, order, scratch);
                foreach (var reversal in scratch)
                {
                    if (reversal.Timestamp > cutoff)
                    {
                        continue;
                    }
                    var day = catalog.LocalDay(reversal.Timestamp);
                    if (day >= firstDay && day <= lastDay)
                    {
                        (pending.TryGetValue(day, out var list) ? list : pending[day] = []).Add(reversal);
                    }
                }
            }
        }

        SandboxReversal[] Take(DateOnly day)
        {
            if (!pending.Remove(day, out var list))
            {
                return [];
            }
            list.Sort(SandboxReversal.Chronological);
            return [.. list];
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
