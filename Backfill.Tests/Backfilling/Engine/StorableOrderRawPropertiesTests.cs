using System.Runtime.InteropServices;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using static Backfill.Tests.Backfilling.Engine.RawPropertiesEvents;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>
/// An order's raw properties travel as the event's UTF-8 bytes and are sized before they are decoded; what the stores
/// receive must stay exactly the document built whole from the raw text (a changed value or hash would make the next
/// refresh rewrite every stored order).
/// </summary>
public sealed class StorableOrderRawPropertiesTests
{
    [Fact]
    public void RawPropertiesOf_EventReadFromKlaviyo_IsASliceOfTheEventsOwnBytesThatDecodesToItsRawText()
    {
        var (klaviyoEvent, utf8) = ReadEvent(OrdinaryProperties);
        var resource = klaviyoEvent.Resource;

        var raw = klaviyoEvent.RawPropertiesOf(resource);

        Assert.NotNull(raw);
        Assert.True(MemoryMarshal.TryGetArray(raw.Utf8, out var segment));
        Assert.Same(utf8, segment.Array);
        Assert.Equal(KlaviyoEvent.PropertiesOf(resource).GetRawText(), raw.Decode());
        Assert.Contains(@"Caf\u00e9 \""noir\""", raw.Decode(), StringComparison.Ordinal);
    }

    [Fact]
    public void RawPropertiesOf_EventWithoutProperties_IsNull()
    {
        var (klaviyoEvent, _) = ReadEvent(null);

        Assert.Null(klaviyoEvent.RawPropertiesOf(klaviyoEvent.Resource));
    }

    [Fact]
    public void RawPropertiesOf_NullProperties_IsTheTextNull()
    {
        var (klaviyoEvent, _) = ReadEvent("null");

        Assert.Equal("null", klaviyoEvent.RawPropertiesOf(klaviyoEvent.Resource)?.Decode());
    }

    [Fact]
    public void Prepare_OrdinaryOrder_StoresExactlyTheDocumentBuiltWholeFromTheRawText()
    {
        var (order, raw, rawText) = Read(OrdinaryProperties);
        var refunds = new OrderRefunds([new OrderReversal("EVT-R1", "ord-1001", false, new DateTimeOffset(2025, 3, 9, 12, 0, 0, TimeSpan.Zero), new DateOnly(2025, 3, 9), 5.25m, "USD")], null);

        var prepared = StorableOrder.Prepare(Client, order, raw, refunds, Now);

        var expected = DocumentBuiltWhole(order, rawText, refunds)!;
        AssertSameDocument(expected, prepared);
        Assert.Equal(rawText, prepared.Stored!.Fields["raw_properties"]);
        Assert.False(prepared.Stored.Fields.ContainsKey("raw_properties_truncated"));
    }

    [Fact]
    public void Prepare_RawJsonAtTheLimit_KeepsIt_OneByteOver_DropsIt_CountingUtf8Bytes()
    {
        var (probeOrder, probeRaw, _) = Read(PropertiesWithNote(900_000));
        var probe = StorableOrder.Prepare(Client, probeOrder, probeRaw, OrderRefunds.None, Now);
        var spare = DocumentSize.MaxDocumentBytes - SizeOf(probe);
        var atLimit = 900_000 + (int)spare;

        var (order, raw, rawText) = Read(PropertiesWithNote(atLimit));
        var kept = StorableOrder.Prepare(Client, order, raw, OrderRefunds.None, Now);
        var (overOrder, overRaw, overText) = Read(PropertiesWithNote(atLimit + 1));
        var dropped = StorableOrder.Prepare(Client, overOrder, overRaw, OrderRefunds.None, Now);

        Assert.Equal(DocumentSize.MaxDocumentBytes, SizeOf(kept));
        Assert.Equal(rawText, kept.Stored!.Fields["raw_properties"]);
        AssertSameDocument(DocumentBuiltWhole(order, rawText, OrderRefunds.None)!, kept);
        Assert.True(dropped.IsStored);
        Assert.Null(dropped.Stored!.Fields["raw_properties"]);
        Assert.Equal(true, dropped.Stored.Fields["raw_properties_truncated"]);
        AssertSameDocument(DocumentBuiltWhole(overOrder, overText, OrderRefunds.None)!, dropped);
    }

    [Fact]
    public void Prepare_RawJsonOverTheLimit_DropsItWithoutDecodingIt()
    {
        var (order, raw, rawText) = Read(PropertiesWithNote(1_500_000));
        var (warmUp, warmUpRaw, _) = Read(OrdinaryProperties);
        StorableOrder.Prepare(Client, warmUp, warmUpRaw, OrderRefunds.None, Now);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var prepared = StorableOrder.Prepare(Client, order, raw, OrderRefunds.None, Now);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Decoded, the raw JSON alone would be a 3 MB UTF-16 string.
        Assert.True(allocated < raw!.Utf8Length / 4, $"preparing the order allocated {allocated:N0} bytes for {raw.Utf8Length:N0} bytes of raw JSON");
        Assert.True(prepared.Stored!.Fields["raw_properties_truncated"] is true);
        AssertSameDocument(DocumentBuiltWhole(order, rawText, OrderRefunds.None)!, prepared);
    }

    private static long SizeOf(StorableOrder prepared) =>
        Math.Max(DocumentSize.Of(prepared.Stored!.Path, prepared.Stored.Fields), DocumentSize.Of(prepared.DailyStored!.Path, prepared.DailyStored.Fields));

    private static void AssertSameDocument(IReadOnlyDictionary<string, object?> expected, StorableOrder prepared)
    {
        Assert.True(prepared.IsStored, prepared.SkipReason);
        foreach (var write in new[] { prepared.Stored!, prepared.DailyStored! })
        {
            Assert.Equal(expected.Keys, write.Fields.Keys);
            Assert.Equal(0, StoreValues.Compare(expected, write.Fields));
            Assert.Equal(expected[OrderDocument.ContentHashField], write.Fields[OrderDocument.ContentHashField]);
        }
    }
}
