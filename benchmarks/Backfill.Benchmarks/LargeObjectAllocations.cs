using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Backfill.Benchmarks;

/// <summary>
/// Counts the runtime's allocation samples (one per ~100 KB allocated) that landed on the large object heap, by type:
/// which arrays a run puts there. Under a small heap limit these, not the live heap's size, decide when a run runs out.
/// </summary>
internal sealed class LargeObjectAllocations : EventListener
{
    private const int GcKeyword = 0x1;
    private const int LargeObjectHeap = 1;

    private readonly ConcurrentDictionary<string, (long Samples, long Bytes)> _byType = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!eventData.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is not { } payload)
        {
            return;
        }

        var kind = Convert.ToInt32(payload[eventData.PayloadNames!.IndexOf("AllocationKind")], System.Globalization.CultureInfo.InvariantCulture);
        if (kind != LargeObjectHeap)
        {
            return;
        }

        var type = payload[eventData.PayloadNames.IndexOf("TypeName")] as string ?? "?";
        var sizeIndex = eventData.PayloadNames.IndexOf("ObjectSize");
        var size = sizeIndex >= 0 ? Convert.ToInt64(payload[sizeIndex], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _byType.AddOrUpdate(type, (1, size), (_, t) => (t.Samples + 1, t.Bytes + size));
    }

    public string Report() => string.Join("; ", _byType.OrderByDescending(p => p.Value.Samples).Take(8)
        .Select(p => $"{p.Key} {p.Value.Samples:N0}× (the sampled objects {p.Value.Bytes / 1024.0 / 1024.0:N1} MB)"));
}
