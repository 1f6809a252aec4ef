using Backfill.Services.Storage;

namespace Backfill.Tests.Storage;

public sealed class StoreValuesTests
{
    [Fact]
    public void Normalize_ClrNumbers_BecomeLongOrDouble()
    {
        Assert.Equal(5L, StoreValues.Normalize(5));
        Assert.Equal(5L, StoreValues.Normalize((short)5));
        Assert.Equal(5L, StoreValues.Normalize(5u));
        Assert.Equal(2.5, StoreValues.Normalize(2.5f));
        Assert.Equal(19.99, StoreValues.Normalize(19.99m));
        Assert.Throws<UnsupportedValueException>(() => StoreValues.Normalize(ulong.MaxValue));
    }

    [Fact]
    public void Normalize_Timestamps_BecomeUtcMicroseconds()
    {
        var local = new DateTimeOffset(2024, 3, 10, 2, 30, 0, TimeSpan.FromHours(-8)).AddTicks(19);

        var normalized = (DateTimeOffset)StoreValues.Normalize(local)!;

        Assert.Equal(TimeSpan.Zero, normalized.Offset);
        Assert.Equal(local.UtcTicks - 9, normalized.UtcTicks);
        Assert.Equal(normalized, StoreValues.Normalize(new DateTime(local.UtcTicks, DateTimeKind.Utc)));
    }

    [Fact]
    public void Normalize_TooDeepNesting_IsRefused()
    {
        object? value = 1L;
        for (var i = 0; i < 25; i++)
        {
            value = new Dictionary<string, object?> { ["m"] = value };
        }

        var error = Assert.Throws<UnsupportedValueException>(() => StoreValues.NormalizeFields(new Dictionary<string, object?> { ["root"] = value }));

        Assert.Contains("root.m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_FollowsFirestoreTypeOrder()
    {
        object?[] ascending =
        [
            null, false, true, double.NaN, double.NegativeInfinity, long.MinValue, -1.5, 0L, 0.5, 1L, 1.5, long.MaxValue, double.PositiveInfinity,
            DateTimeOffset.UnixEpoch, "", "a", "é", "😀", new byte[] { 0 }, new byte[] { 1 }, DocumentPath.Of("a", "b"), DocumentPath.Of("a", "b", "c", "d"),
            DocumentPath.Of("a-c", "x"), new GeoPoint(-1, 5), new GeoPoint(0, 0), new List<object?> { 1L }, new List<object?> { 1L, 2L }, new List<object?> { 2L },
            new Dictionary<string, object?> { ["a"] = 1L }, new Dictionary<string, object?> { ["b"] = 0L },
        ];

        for (var i = 0; i < ascending.Length; i++)
        {
            for (var j = 0; j < ascending.Length; j++)
            {
                Assert.Equal(Math.Sign(i.CompareTo(j)), Math.Sign(StoreValues.Compare(ascending[i], ascending[j])));
            }
        }
    }

    [Fact]
    public void Compare_IntegersAndDoubles_CompareByValueExactly()
    {
        Assert.Equal(0, StoreValues.Compare(1L, 1.0));
        Assert.True(StoreValues.Compare(9007199254740993L, 9007199254740992.0) > 0);
        Assert.True(StoreValues.Compare(long.MaxValue, 9.2233720368547758E18) < 0);
        Assert.True(StoreValues.ValueEquals(2L, 2.0));
        Assert.False(StoreValues.ValueEquals(double.NaN, 0L));
        Assert.True(StoreValues.ValueEquals(double.NaN, double.NaN));
    }
}
