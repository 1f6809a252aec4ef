using System.Globalization;
using System.Net;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Klaviyo;
using Backfill.Tests.Klaviyo.Client;

namespace Backfill.Tests.Backfilling;

/// <summary>
/// Daily flow statistics keyed by day, from flow-series answers labelled in either style Klaviyo's bucket starts
/// come in. Each day's value is its day of the month, so a value on the wrong day shows.
/// </summary>
public sealed class FlowDailyStatisticsTests : IDisposable
{
    private readonly KlaviyoTestHost _host = new(o => o.Limits["flow-series-reports"] = new KlaviyoBucketLimitOverride { Burst = 0, Steady = 0 });

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("America/Los_Angeles", "2026-03-06", false)]
    [InlineData("America/Los_Angeles", "2026-03-06", true)]
    [InlineData("America/Los_Angeles", "2026-10-30", false)]
    [InlineData("America/Los_Angeles", "2026-10-30", true)]
    [InlineData("Pacific/Auckland", "2026-04-03", false)]
    [InlineData("Pacific/Auckland", "2026-04-03", true)]
    [InlineData("Pacific/Auckland", "2026-09-25", true)]
    public async Task FetchWindowAsync_EitherLabelStyleAcrossDst_PutsEachDaysNumbersOnThatDay(string zone, string firstDay, bool localOffsets)
    {
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var first = DateOnly.Parse(firstDay, CultureInfo.InvariantCulture);
        var days = Enumerable.Range(0, 5).Select(first.AddDays).ToList();
        var labels = string.Join(",", days.Select(d => $"\"{Label(d, timeZone, localOffsets)}\""));
        var values = string.Join(",", days.Select(d => d.Day));
        _host.Handler.Fallback = _ => ScriptedKlaviyoHandler.Json(HttpStatusCode.OK, $$"""
            {"data":{"type":"flow-series-report","attributes":{"date_times":[{{labels}}],
              "results":[{"groupings":{"flow_id":"F1","flow_message_id":"M1","send_channel":"email"},"statistics":{"recipients":[{{values}}] } }] } } }
            """);

        var cells = await FlowDailyStatistics.FetchWindowAsync(_host.Client(), first, days[^1], "RESQ6t", TestContext.Current.CancellationToken);

        Assert.Equal(days, cells.Keys.Order());
        Assert.All(cells, c => Assert.Equal(c.Key.Day, c.Value["F1"].Total.Recipients));
    }

    /// <summary>Local midnight of <paramref name="day"/> with the zone's offset, or written <c>+00:00</c> as in Klaviyo's spec.</summary>
    private static string Label(DateOnly day, TimeZoneInfo timeZone, bool localOffsets)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return localOffsets
            ? new DateTimeOffset(midnight, timeZone.GetUtcOffset(midnight)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
            : midnight.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
    }
}
