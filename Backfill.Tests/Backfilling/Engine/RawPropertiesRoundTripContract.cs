using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Storage;
using static Backfill.Tests.Backfilling.Engine.RawPropertiesEvents;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>
/// Orders prepared from raw properties kept as bytes, written to a real store and read back: the stored
/// <c>raw_properties</c> is the raw text Klaviyo sent (escapes, non-ASCII, whitespace as they were), and what the store
/// returns hashes to the <c>content_hash</c> it carries, so a refresh finds such orders unchanged. Runs on both stores.
/// </summary>
public abstract class RawPropertiesRoundTripContract
{
    protected abstract IDocumentStore Store { get; }

    [Fact]
    public async Task PreparedOrders_WrittenAndReadBack_KeepTheRawTextAndTheirHash()
    {
        var ct = TestContext.Current.CancellationToken;
        var (ordinary, ordinaryRaw, ordinaryText) = Read(OrdinaryProperties, "EVT-ORDINARY");
        var (oversized, oversizedRaw, _) = Read(PropertiesWithNote(1_100_000, "ord-oversized"), "EVT-OVERSIZED");
        var prepared = new[]
        {
            StorableOrder.Prepare(Client, ordinary, ordinaryRaw, OrderRefunds.None, Now),
            StorableOrder.Prepare(Client, oversized, oversizedRaw, OrderRefunds.None, Now),
        };

        await Store.CommitAsync([.. prepared.SelectMany(p => new Write[] { p.Stored!, p.DailyStored! })], ct);

        var ordinaryCopies = await Store.GetAllAsync([prepared[0].Stored!.Path, prepared[0].DailyStored!.Path], ct);
        Assert.All(ordinaryCopies, copy =>
        {
            Assert.NotNull(copy);
            Assert.Equal(ordinaryText, copy.Get<string>(FieldPath.Of("raw_properties")));
            Assert.False(copy.TryGet(FieldPath.Of("raw_properties_truncated"), out _));
            Assert.Equal(prepared[0].ContentHash, copy.Get<string>(FieldPath.Of(OrderDocument.ContentHashField)));
            Assert.Equal(prepared[0].ContentHash, ContentHash.Of(copy.Fields, OrderDocument.NotHashed));
        });
        var oversizedCopies = await Store.GetAllAsync([prepared[1].Stored!.Path, prepared[1].DailyStored!.Path], ct);
        Assert.All(oversizedCopies, copy =>
        {
            Assert.NotNull(copy);
            Assert.True(copy.TryGet(FieldPath.Of("raw_properties"), out var raw));
            Assert.Null(raw);
            Assert.True(copy.Get<bool>(FieldPath.Of("raw_properties_truncated")));
            Assert.Equal(prepared[1].ContentHash, ContentHash.Of(copy.Fields, OrderDocument.NotHashed));
        });
    }
}
