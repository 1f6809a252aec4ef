using Backfill.Services.Schedules;

namespace Backfill.Tests.Schedules;

public sealed class ScheduleDescriberTests
{
    [Theory]
    [InlineData("0 3 * * *", "every day at 03:00")]
    [InlineData("30 6 * * 1-5", "every weekday (Monday to Friday) at 06:30")]
    [InlineData("0 3 * * 1", "every Monday at 03:00")]
    [InlineData("0 3 * * 0,7", "every Sunday at 03:00")]
    [InlineData("0 3,15 * * *", "every day at 03:00 and 15:00")]
    [InlineData("0 3 1 * *", "on day 1 of the month at 03:00")]
    [InlineData("0 3 1 1,7 *", "on day 1 of the month in January and July at 03:00")]
    [InlineData("15 * * * *", "every hour at 15 minutes past")]
    [InlineData("0 */6 * * *", "every 6 hours at 00 minutes past")]
    [InlineData("*/15 * * * *", "every 15 minutes")]
    [InlineData("0 3 L * *", "on cron \"0 3 L * *\"")]
    [InlineData("0 1-5 * * *", "on cron \"0 1-5 * * *\"")]
    public void Describe_CommonShapesInWords_OthersAsTheExpression(string cron, string expected) =>
        Assert.Equal(expected, ScheduleDescriber.Describe(cron));

    [Fact]
    public void Describe_WithTheTimezone_NamesIt() =>
        Assert.Equal("every day at 03:00, America/Los_Angeles", ScheduleDescriber.Describe("0 3 * * *", "America/Los_Angeles"));
}
