using Backfill.Services.Backfill.History;

namespace Backfill.Tests.Backfilling;

public sealed class RunIdsTests
{
    [Fact]
    public void New_IsValid_AndSortsByStartTime()
    {
        var earlier = RunIds.New(new DateTimeOffset(2026, 12, 6, 9, 59, 59, 999, TimeSpan.Zero));
        var later = RunIds.New(new DateTimeOffset(2026, 12, 6, 10, 0, 0, 0, TimeSpan.FromHours(1)).AddHours(1));

        Assert.True(RunIds.IsValid(earlier), earlier);
        Assert.True(RunIds.IsValid(later), later);
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../x")]
    [InlineData("20261206T095959999Z-ABCDEF")]
    [InlineData("20261306T095959999Z-abcdef")]
    [InlineData("20261206T095959999Z-abcdef\n")]
    [InlineData("20261206T095959999Z_abcdef")]
    public void IsValid_RefusesWhatNewNeverMakes(string value) => Assert.False(RunIds.IsValid(value));
}
