using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager.Triage;

/// <summary>
/// What needs attention on the board: the summary's counts, which clients each part means, and the grid's orders.
/// Pure functions of the statuses and "yesterday", so the page, its tests and the API agree.
/// </summary>
public sealed class BoardTriage(DateOnly yesterday, int staleAfterDays)
{
    public DateOnly Yesterday { get; } = yesterday;

    public TriageCounts Count(IReadOnlyList<BackfillStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        int running = 0, waiting = 0, failed = 0, stale = 0, neverRun = 0;
        foreach (var status in statuses)
        {
            running += Matches(status, TriageFilter.Running) ? 1 : 0;
            waiting += Matches(status, TriageFilter.Waiting) ? 1 : 0;
            failed += Matches(status, TriageFilter.Failed) ? 1 : 0;
            stale += Matches(status, TriageFilter.Stale) ? 1 : 0;
            neverRun += Matches(status, TriageFilter.NeverRun) ? 1 : 0;
        }

        return new TriageCounts(statuses.Count, running, waiting, failed, stale, neverRun);
    }

    public bool Matches(BackfillStatus status, TriageFilter filter)
    {
        ArgumentNullException.ThrowIfNull(status);
        return filter switch
        {
            TriageFilter.All => true,
            TriageFilter.Running => status.State == BackfillState.InProgress,
            TriageFilter.Waiting => status.State is BackfillState.Queued or BackfillState.WaitingRateLimit,
            TriageFilter.Failed => status.State == BackfillState.Failed,
            TriageFilter.Stale => DaysBehind(status) is { } behind && behind > staleAfterDays,
            TriageFilter.NeverRun => status.State == BackfillState.NotStarted && status.Coverage.IsEmpty,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
        };
    }

    /// <summary>Days between the end of the copy and yesterday; null when nothing is copied.</summary>
    public int? DaysBehind(BackfillStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.Coverage.Any.Last is { } end ? Math.Max(0, Yesterday.DayNumber - end.DayNumber) : null;
    }

    public IEnumerable<BackfillStatus> Sort(IEnumerable<BackfillStatus> statuses, TriageSort sort)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var ordered = sort switch
        {
            TriageSort.Status => statuses.OrderBy(Attention),
            TriageSort.DaysBehind => statuses.OrderByDescending(s => DaysBehind(s) ?? int.MaxValue),
            TriageSort.LastSuccess => statuses.OrderBy(s => s.State == BackfillState.Completed ? s.CompletedAt ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue),
            TriageSort.Orders => statuses.OrderByDescending(s => s.Orders),
            TriageSort.Revenue => statuses.OrderByDescending(MainRevenue),
            TriageSort.Name => statuses.OrderBy(s => s.ClientName, StringComparer.OrdinalIgnoreCase),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
        return ordered.ThenBy(s => s.ClientName, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.ClientId.Value, StringComparer.Ordinal);
    }

    private int Attention(BackfillStatus status) => status.State switch
    {
        BackfillState.Failed => 0,
        BackfillState.InProgress or BackfillState.WaitingRateLimit or BackfillState.Queued => 1,
        _ when Matches(status, TriageFilter.Stale) => 2,
        BackfillState.Cancelled => 3,
        BackfillState.NotStarted => 4,
        _ => 5,
    };

    private static decimal MainRevenue(BackfillStatus status) =>
        status.Currency is { } currency && status.RevenueByCurrency.TryGetValue(currency, out var main) ? main : status.RevenueByCurrency.Values.DefaultIfEmpty(0m).Max();

    public static string Label(TriageFilter filter) => filter switch
    {
        TriageFilter.All => "clients",
        TriageFilter.NeverRun => "never run",
        _ => filter.ToString().ToLowerInvariant(),
    };

    public static string Label(TriageSort sort) => sort switch
    {
        TriageSort.DaysBehind => "days behind",
        TriageSort.LastSuccess => "last success",
        _ => sort.ToString().ToLowerInvariant(),
    };
}
