using Backfill.Services.Klaviyo;

namespace Backfill.Benchmarks;

/// <summary>
/// Checks a streamed event pull without holding it: events must never go back in time, so a repeated id can only
/// appear among the events of the same instant, and only those ids are kept.
/// </summary>
internal sealed class KlaviyoEventStreamCheck(DateTimeOffset fromUtc, DateTimeOffset toUtc)
{
    private readonly HashSet<string> _idsAtInstant = new(StringComparer.Ordinal);
    private DateTimeOffset _instant = DateTimeOffset.MinValue;
    private string? _lastId;

    public long Count { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Events earlier than the one before them (the order Klaviyo promises with <c>sort=datetime</c>).</summary>
    public long BackInTime { get; private set; }

    /// <summary>Same-second events whose ids are not ascending (the sandbox breaks ties by id; Klaviyo promises nothing).</summary>
    public long TieOrderBreaks { get; private set; }

    public long OutsideWindow { get; private set; }

    public DateTimeOffset? First { get; private set; }

    public DateTimeOffset? Last { get; private set; }

    public bool Passed => Count > 0 && Duplicates == 0 && BackInTime == 0 && OutsideWindow == 0;

    public void Add(KlaviyoEvent item)
    {
        Count++;
        First ??= item.Datetime;
        Last = item.Datetime;
        if (item.Datetime < fromUtc || item.Datetime >= toUtc)
        {
            OutsideWindow++;
        }

        if (item.Datetime < _instant)
        {
            BackInTime++;
            return;
        }

        if (item.Datetime > _instant)
        {
            _instant = item.Datetime;
            _idsAtInstant.Clear();
            _lastId = null;
        }

        if (!_idsAtInstant.Add(item.Id))
        {
            Duplicates++;
        }
        else if (_lastId is not null && string.CompareOrdinal(_lastId, item.Id) > 0)
        {
            TieOrderBreaks++;
        }

        _lastId = item.Id;
    }
}
