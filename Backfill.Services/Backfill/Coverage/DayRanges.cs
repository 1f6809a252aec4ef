using System.Collections;

namespace Backfill.Services.Backfill.Coverage;

/// <summary>
/// A set of days kept as sorted, disjoint, non-adjacent spans: what a client's copy covers. Immutable; adding a span
/// merges it with the spans it touches, so the set only grows (only Clear data empties it).
/// </summary>
public sealed class DayRanges : IReadOnlyList<DaySpan>, IEquatable<DayRanges>
{
    private readonly DaySpan[] _spans;

    private DayRanges(DaySpan[] spans) => _spans = spans;

    public static DayRanges Empty { get; } = new([]);

    public int Count => _spans.Length;

    public DaySpan this[int index] => _spans[index];

    public bool IsEmpty => _spans.Length == 0;

    /// <summary>The first covered day, or null when nothing is.</summary>
    public DateOnly? First => IsEmpty ? null : _spans[0].First;

    /// <summary>The last covered day, or null when nothing is.</summary>
    public DateOnly? Last => IsEmpty ? null : _spans[^1].Last;

    /// <summary>Covered days in all (gaps not counted).</summary>
    public int Days => _spans.Sum(s => s.Days);

    public static DayRanges Of(IEnumerable<DaySpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return spans.Aggregate(Empty, (set, span) => set.Add(span));
    }

    public bool Contains(DateOnly day) => _spans.Any(s => s.Contains(day));

    /// <summary>Days of the set up to and including <paramref name="day"/>.</summary>
    public int CountThrough(DateOnly day) =>
        _spans.Where(s => s.First <= day).Sum(s => (s.Last < day ? s.Last : day).DayNumber - s.First.DayNumber + 1);

    public DayRanges Add(DateOnly first, DateOnly last) => Add(new DaySpan(first, last));

    public DayRanges Add(DaySpan span)
    {
        if (span.Last < span.First)
        {
            return this;
        }

        var merged = new List<DaySpan>(_spans.Length + 1);
        var (first, last) = (span.First, span.Last);
        foreach (var existing in _spans)
        {
            // Adjacent spans join too: 1–3 and 4–6 are one covered stretch 1–6.
            if (existing.Last.DayNumber + 1 < first.DayNumber || existing.First.DayNumber > last.DayNumber + 1)
            {
                merged.Add(existing);
                continue;
            }

            first = existing.First < first ? existing.First : first;
            last = existing.Last > last ? existing.Last : last;
        }

        merged.Add(new DaySpan(first, last));
        merged.Sort((a, b) => a.First.CompareTo(b.First));
        return new DayRanges([.. merged]);
    }

    public DayRanges Union(DayRanges other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other._spans.Aggregate(this, (set, span) => set.Add(span));
    }

    public IEnumerator<DaySpan> GetEnumerator() => ((IEnumerable<DaySpan>)_spans).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(DayRanges? other) => other is not null && _spans.AsSpan().SequenceEqual(other._spans);

    public override bool Equals(object? obj) => Equals(obj as DayRanges);

    public override int GetHashCode() => _spans.Aggregate(0, HashCode.Combine);

    public override string ToString() =>
        IsEmpty ? "none" : string.Join(", ", _spans.Select(s => $"{s.First:yyyy-MM-dd}→{s.Last:yyyy-MM-dd}"));
}
