namespace Backfill.Services.Klaviyo.Client;

/// <summary>Klaviyo's reporting limits on timeframe length, and splitting a long series request to fit them.</summary>
internal static class ReportWindows
{
    public static readonly TimeSpan MaxTimeframe = TimeSpan.FromDays(365);

    public static TimeSpan MaxWindow(KlaviyoSeriesInterval interval) => interval switch
    {
        KlaviyoSeriesInterval.Hourly => TimeSpan.FromDays(7),
        KlaviyoSeriesInterval.Daily => TimeSpan.FromDays(60),
        _ => TimeSpan.FromDays(52 * 7),
    };

    public static string Name(KlaviyoSeriesInterval interval) => interval switch
    {
        KlaviyoSeriesInterval.Hourly => "hourly",
        KlaviyoSeriesInterval.Daily => "daily",
        KlaviyoSeriesInterval.Weekly => "weekly",
        _ => "monthly",
    };

    /// <summary>Consecutive windows, each at most the interval's maximum, covering [start, end).</summary>
    public static IReadOnlyList<KlaviyoTimeframe> Split(KlaviyoTimeframe timeframe, KlaviyoSeriesInterval interval)
    {
        if (timeframe.End <= timeframe.Start)
        {
            throw new ArgumentException($"The timeframe ends ({timeframe.End:s}) before it starts ({timeframe.Start:s}).", nameof(timeframe));
        }

        var step = MaxWindow(interval);
        var windows = new List<KlaviyoTimeframe>();
        for (var start = timeframe.Start; start < timeframe.End; start += step)
        {
            var end = start + step < timeframe.End ? start + step : timeframe.End;
            windows.Add(new KlaviyoTimeframe(start, end));
        }

        return windows;
    }

    public static void EnsureAtMostOneYear(KlaviyoTimeframe timeframe)
    {
        if (timeframe.End <= timeframe.Start || timeframe.End - timeframe.Start > MaxTimeframe)
        {
            throw new ArgumentException(
                $"A values report covers more than 0 and at most 365 days; {timeframe.Start:s} to {timeframe.End:s} does not.", nameof(timeframe));
        }
    }
}
