using Backfill.Services.Alerts;
using Backfill.Services.Quota;
using Backfill.Services.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Quota;

/// <summary>The ledger's rules on a real store: counts per client and UTC day, atomic across instances, kept across restarts.</summary>
public abstract class ReportingQuotaLedgerContract
{
    private static readonly ClientId Acme = ClientId.Parse("acme");
    private static readonly ClientId Other = ClientId.Parse("other");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 6, 22, 30, 0, TimeSpan.Zero));

    private RecordingAlertSignals Signals { get; } = new();

    /// <summary>A new store instance over the same data each call (a restart, or a second process).</summary>
    protected abstract IDocumentStore OpenStore();

    private ReportingQuotaLedger Ledger(IDocumentStore store, int budget = 150)
    {
        var services = new ServiceCollection().AddSingleton<IAlertSignals>(Signals).BuildServiceProvider();
        return new ReportingQuotaLedger(store, Time, Options.Create(new ReportingQuotaOptions { DailyBudget = budget }), services, NullLogger<ReportingQuotaLedger>.Instance);
    }

    [Fact]
    public async Task Counts_SurviveANewStoreInstance_PerClient_AndStartAgainOnTheNextUtcDay()
    {
        var first = OpenStore();
        var ledger = Ledger(first);
        await ledger.RecordAsync(Acme, 2, TestContext.Current.CancellationToken);
        await ledger.RecordAsync(Acme, 1, TestContext.Current.CancellationToken);
        await ledger.RecordAsync(Other, 1, TestContext.Current.CancellationToken);
        var restarted = Ledger(OpenStore());
        var today = await restarted.GetAsync(Acme, TestContext.Current.CancellationToken);
        Assert.Equal(3, today.Used);
        Assert.Equal(147, today.Remaining);
        Assert.Equal(new DateOnly(2026, 12, 6), today.Date);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), today.ResetsAt);
        Assert.Equal(1, (await restarted.GetAsync(Other, TestContext.Current.CancellationToken)).Used);

        Time.Advance(TimeSpan.FromMinutes(91));
        var tomorrow = await restarted.GetAsync(Acme, TestContext.Current.CancellationToken);
        Assert.Equal(0, tomorrow.Used);
        Assert.Equal(new DateOnly(2026, 12, 7), tomorrow.Date);
        Assert.Equal(150, tomorrow.Remaining);
    }

    [Fact]
    public async Task Increments_FromTwoStoreInstancesAtOnce_AllLand()
    {
        var one = Ledger(OpenStore());
        var two = Ledger(OpenStore());

        await Task.WhenAll(
            Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? one : two).RecordAsync(Acme, 1, TestContext.Current.CancellationToken)));

        Assert.Equal(12, (await one.GetAsync(Acme, TestContext.Current.CancellationToken)).Used);
    }

    [Fact]
    public async Task TheDailyCap_LeavesNothingToday_SaysWhen_AndRaisesTheAlert()
    {
        var ledger = Ledger(OpenStore());
        await ledger.RecordAsync(Acme, 4, TestContext.Current.CancellationToken);

        await ledger.MarkExhaustedAsync(Acme, TestContext.Current.CancellationToken);

        var day = await ledger.GetAsync(Acme, TestContext.Current.CancellationToken);
        Assert.True(day.Exhausted);
        Assert.Equal(0, day.Remaining);
        Assert.Equal("daily reporting budget used: 150/150; resumes 00:00 UTC", day.WaitReason);
        var signal = Assert.Single(Signals.BudgetExhausted);
        Assert.Equal(Acme, signal.Client);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), signal.ResumesAt);
        Time.Advance(TimeSpan.FromHours(2));
        Assert.False((await ledger.GetAsync(Acme, TestContext.Current.CancellationToken)).Exhausted);
    }

    [Fact]
    public async Task SpendingTheLastCallOfTheBudget_RaisesTheAlert()
    {
        var ledger = Ledger(OpenStore(), budget: 3);
        await ledger.RecordAsync(Acme, 2, TestContext.Current.CancellationToken);
        Assert.Empty(Signals.BudgetExhausted);

        await ledger.RecordAsync(Acme, 1, TestContext.Current.CancellationToken);

        Assert.Equal(0, (await ledger.GetAsync(Acme, TestContext.Current.CancellationToken)).Remaining);
        Assert.Equal(Acme, Assert.Single(Signals.BudgetExhausted).Client);
    }
}
