using System.Threading.RateLimiting;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class KlaviyoRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly KlaviyoOptions _options = new();

    private KlaviyoRateLimiter Limiter() => new(_time, Options.Create(_options));

    private static async Task<RateLimitLease> Granted(ValueTask<RateLimitLease> pending)
    {
        var lease = await pending.AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.IsAcquired);
        return lease;
    }

    [Fact]
    public async Task AcquireAsync_WithinBurst_GrantsImmediately()
    {
        var limiter = Limiter();

        var leases = Enumerable.Range(0, 3).Select(_ => limiter.AcquireAsync("acct", KlaviyoBuckets.Flows, CancellationToken.None)).ToList();

        Assert.All(leases, l => Assert.True(l.IsCompleted));
        foreach (var lease in leases)
        {
            await Granted(lease);
        }
    }

    [Fact]
    public async Task AcquireAsync_BeyondBurst_WaitsForTheNextSecondNotBefore()
    {
        var limiter = Limiter();
        for (var i = 0; i < 3; i++)
        {
            await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.Flows, CancellationToken.None));
        }

        var fourth = limiter.AcquireAsync("acct", KlaviyoBuckets.Flows, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(1099));
        var earlyCompleted = fourth.IsCompleted;
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(earlyCompleted);
        await Granted(fourth);
    }

    [Fact]
    public async Task AcquireAsync_BeyondSteady_WaitsForTheMinuteWindow()
    {
        _options.Limits[KlaviyoBuckets.Metrics] = new KlaviyoBucketLimitOverride { Burst = 0, Steady = 2 };
        var limiter = Limiter();
        await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.Metrics, CancellationToken.None));
        await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.Metrics, CancellationToken.None));

        var third = limiter.AcquireAsync("acct", KlaviyoBuckets.Metrics, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(60));
        var earlyCompleted = third.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(earlyCompleted);
        await Granted(third);
    }

    [Fact]
    public async Task AcquireAsync_ConcurrentWaiters_AreServedInOrderOneWindowApart()
    {
        var limiter = Limiter();
        await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.Accounts, CancellationToken.None));

        var second = limiter.AcquireAsync("acct", KlaviyoBuckets.Accounts, CancellationToken.None);
        var third = limiter.AcquireAsync("acct", KlaviyoBuckets.Accounts, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.1));
        await Granted(second);
        var thirdAfterOneWindow = third.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1.1));

        Assert.False(thirdAfterOneWindow);
        await Granted(third);
    }

    [Fact]
    public async Task AcquireAsync_WaitBeyondMaxWait_RejectsWithRetryAfterAndReservesNothing()
    {
        _options.Limits[KlaviyoBuckets.FlowSeriesReports] = new KlaviyoBucketLimitOverride { Daily = 2 };
        var limiter = Limiter();
        await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.FlowSeriesReports, CancellationToken.None));
        var second = limiter.AcquireAsync("acct", KlaviyoBuckets.FlowSeriesReports, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.1));
        await Granted(second);
        _time.Advance(TimeSpan.FromMinutes(5));

        var rejected = await limiter.AcquireAsync("acct", KlaviyoBuckets.FlowSeriesReports, CancellationToken.None);
        var again = await limiter.AcquireAsync("acct", KlaviyoBuckets.FlowSeriesReports, CancellationToken.None);

        Assert.False(rejected.IsAcquired);
        Assert.True(rejected.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1) - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1.1), retryAfter);
        Assert.True(again.TryGetMetadata(MetadataName.RetryAfter, out var sameRetryAfter));
        Assert.Equal(retryAfter, sameRetryAfter);
    }

    [Fact]
    public async Task AcquireAsync_ReportingSteadyLimit_AllowsTwoPerMinute()
    {
        var limiter = Limiter();
        await Granted(limiter.AcquireAsync("acct", KlaviyoBuckets.CampaignValuesReports, CancellationToken.None));
        var second = limiter.AcquireAsync("acct", KlaviyoBuckets.CampaignValuesReports, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.1));
        await Granted(second);

        var third = limiter.AcquireAsync("acct", KlaviyoBuckets.CampaignValuesReports, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(59.8));
        var earlyCompleted = third.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(earlyCompleted);
        await Granted(third);
    }

    [Fact]
    public async Task AcquireAsync_OtherAccountOrBucket_IsNotHeldBack()
    {
        var limiter = Limiter();
        await Granted(limiter.AcquireAsync("acct-a", KlaviyoBuckets.Accounts, CancellationToken.None));

        var otherAccount = limiter.AcquireAsync("acct-b", KlaviyoBuckets.Accounts, CancellationToken.None);
        var otherBucket = limiter.AcquireAsync("acct-a", KlaviyoBuckets.Metrics, CancellationToken.None);
        var sameBucket = limiter.AcquireAsync("acct-a", KlaviyoBuckets.Accounts, CancellationToken.None);

        Assert.True(otherAccount.IsCompleted);
        Assert.True(otherBucket.IsCompleted);
        Assert.False(sameBucket.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        await Granted(sameBucket);
    }

    [Fact]
    public async Task BlockFor_ServerSaidWait_DelaysTheNextGrant()
    {
        var limiter = Limiter();
        limiter.BlockFor("acct", KlaviyoBuckets.Events, TimeSpan.FromSeconds(5));

        var pending = limiter.AcquireAsync("acct", KlaviyoBuckets.Events, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        var earlyCompleted = pending.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(earlyCompleted);
        await Granted(pending);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_Throws()
    {
        var limiter = Limiter();
        limiter.BlockFor("acct", KlaviyoBuckets.Events, TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();

        var pending = limiter.AcquireAsync("acct", KlaviyoBuckets.Events, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Theory]
    [InlineData(KlaviyoBuckets.Events, 350, 3500, 0)]
    [InlineData(KlaviyoBuckets.Campaigns, 10, 150, 0)]
    [InlineData(KlaviyoBuckets.Flows, 3, 60, 0)]
    [InlineData(KlaviyoBuckets.Accounts, 1, 15, 0)]
    [InlineData(KlaviyoBuckets.MetricAggregates, 3, 60, 0)]
    [InlineData(KlaviyoBuckets.FlowSeriesReports, 1, 2, 225)]
    [InlineData("unknown-endpoint", 1, 15, 0)]
    public void Resolve_PublishedLimits_MatchKlaviyoDocs(string bucket, int burst, int steady, int daily)
    {
        Assert.Equal(new KlaviyoRateLimit(burst, steady, daily), KlaviyoBuckets.Resolve(bucket, new KlaviyoOptions()));
    }

    [Fact]
    public void Resolve_Override_ReplacesOnlyTheGivenWindows()
    {
        _options.Limits["EVENTS"] = new KlaviyoBucketLimitOverride { Steady = 100 };

        Assert.Equal(new KlaviyoRateLimit(350, 100, 0), KlaviyoBuckets.Resolve(KlaviyoBuckets.Events, _options));
    }
}
