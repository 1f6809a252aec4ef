using Backfill.Services.Firestore;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Firestore;

/// <summary>The 500/50/5 ramp-up, driven by a <see cref="FakeTimeProvider"/> (production behaviour the emulator has no use for).</summary>
public sealed class RampUpRateLimiterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task AcquireAsync_FirstSecondBudget_PassesAtOnceThenWaitsForRefill()
    {
        var limiter = new RampUpRateLimiter(_time);

        var first = limiter.AcquireAsync(500, TestContext.Current.CancellationToken);
        var second = limiter.AcquireAsync(500, TestContext.Current.CancellationToken).AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(990));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void CurrentRate_EveryFiveMinutes_GrowsByHalfUpToCeiling()
    {
        var limiter = new RampUpRateLimiter(_time, maxRate: 1500);

        Assert.Equal(500, limiter.CurrentRate);
        _time.Advance(TimeSpan.FromMinutes(4.9));
        Assert.Equal(500, limiter.CurrentRate);
        _time.Advance(TimeSpan.FromMinutes(0.1));
        Assert.Equal(750, limiter.CurrentRate);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1125, limiter.CurrentRate);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1500, limiter.CurrentRate);
    }

    [Fact]
    public async Task AcquireAsync_AfterRampUp_SecondBudgetIsLarger()
    {
        var limiter = new RampUpRateLimiter(_time);
        _time.Advance(TimeSpan.FromMinutes(5));

        await limiter.AcquireAsync(500, TestContext.Current.CancellationToken);
        var next = limiter.AcquireAsync(750, TestContext.Current.CancellationToken).AsTask();

        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
