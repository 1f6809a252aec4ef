using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager;

namespace Backfill.Tests.Web.Components.Manager;

public sealed class BackfillFormatTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(BackfillState.InProgress, 0, 365, "day 1 of 365")]
    [InlineData(BackfillState.InProgress, 142, 365, "day 143 of 365")]
    [InlineData(BackfillState.WaitingRateLimit, 365, 365, "day 365 of 365")]
    [InlineData(BackfillState.Completed, 365, 365, "day 365 of 365")]
    [InlineData(BackfillState.Failed, 142, 365, "day 142 of 365")]
    [InlineData(BackfillState.Queued, 0, 0, "no range yet")]
    [InlineData(BackfillState.InProgress, 1500, 3650, "day 1,501 of 3,650")]
    public void DayOfTotal_StateAndDays_CountsTheDayBeingWorkedOnWhileActive(BackfillState state, int done, int total, string expected)
    {
        var status = Status(state) with { DaysCompleted = done, TotalDays = total };

        Assert.Equal(expected, BackfillFormat.DayOfTotal(status));
    }

    [Fact]
    public void Revenue_SeveralCurrencies_PutsTheMainCurrencyFirstThenAlphabetical()
    {
        var status = Status(BackfillState.InProgress) with
        {
            Currency = "GBP",
            RevenueByCurrency = new Dictionary<string, decimal> { ["USD"] = 1m, ["EUR"] = 2.5m, ["GBP"] = 1234567.891m },
        };

        Assert.Equal(["GBP 1,234,567.89", "EUR 2.50", "USD 1.00"], BackfillFormat.Revenue(status));
    }

    [Fact]
    public void Eta_Running_ShowsClockTimeAndRemainingFromTheSnapshot()
    {
        var status = Status(BackfillState.InProgress) with { UpdatedAt = Noon, Eta = Noon.AddMinutes(12).AddSeconds(30) };

        Assert.Equal("12:12 UTC (~12 min)", BackfillFormat.Eta(status));
    }

    [Fact]
    public void Eta_Finished_ShowsDash()
    {
        var status = Status(BackfillState.Completed) with { UpdatedAt = Noon, Eta = Noon.AddMinutes(12) };

        Assert.Equal("—", BackfillFormat.Eta(status));
    }

    [Theory]
    [InlineData(30, "30 s")]
    [InlineData(59 * 60, "59 min")]
    [InlineData(3 * 3600 + 5 * 60, "3 h 5 min")]
    [InlineData(3 * 86400 + 2 * 3600, "3 d 2 h")]
    public void Duration_Span_UsesTheLargestSensibleUnit(int seconds, string expected) =>
        Assert.Equal(expected, BackfillFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1, null, true, false, "1 year · orders")]
    [InlineData(3, null, false, false, "3 years · no orders")]
    [InlineData(null, 7, true, true, "7 days · orders · test")]
    public void Parameters_Request_DescribesSpanOrdersAndTestMode(int? years, int? days, bool orders, bool testMode, string expected) =>
        Assert.Equal(expected, BackfillFormat.Parameters(new BackfillParameters(years, days, orders, testMode)));

    [Fact]
    public void Filter_StateAndSearch_KeepsRowsMatchingBoth()
    {
        BackfillStatus[] statuses =
        [
            Status(BackfillState.Failed, "acme", "Acme Foods"),
            Status(BackfillState.Completed, "acme-eu", "Acme Europe"),
            Status(BackfillState.Failed, "globex", "Globex"),
        ];

        Assert.Equal(["acme"], BoardFilter.Apply(statuses, BackfillState.Failed, " ACME ").Select(s => s.ClientId.Value));
        Assert.Equal(["acme", "globex"], BoardFilter.Apply(statuses, BackfillState.Failed, null).Select(s => s.ClientId.Value));
        Assert.Equal(["acme-eu"], BoardFilter.Apply(statuses, null, "europe").Select(s => s.ClientId.Value));
        Assert.Equal(3, BoardFilter.Apply(statuses, null, "").Count);
    }

    private static BackfillStatus Status(BackfillState state, string id = "acme", string name = "Acme") =>
        BackfillStatus.NotStarted(ClientId.Parse(id), name) with { State = state };
}
