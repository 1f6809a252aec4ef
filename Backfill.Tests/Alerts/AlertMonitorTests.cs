using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Tests.Alerts;

/// <summary>
/// Incidents from the coordinator's board, the timer and the signals, end to end: a real webhook receiver gets exactly
/// the messages the rules call for, and a restart neither repeats nor forgets them.
/// </summary>
public sealed class AlertMonitorTests
{
    private static readonly ClientId Acme = ClientId.Parse("acme");

    [Fact]
    public async Task Failure_AlertsOnce_TheFixResolves_NothingIsSentTwice()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Running(day: 10));

        await host.PublishAsync(Failed("Klaviyo answered 503: Service Unavailable"));
        await host.PublishAsync(Failed("Klaviyo answered 503: Service Unavailable"));
        await host.PublishAsync(Running(day: 11) with { Attempts = 2 });
        await host.PublishAsync(Failed("The document store failed: unavailable") with { Attempts = 2 });
        await host.PublishAsync(Running(day: 12) with { Attempts = 3 });
        await host.PublishAsync(Status(BackfillState.Completed) with { Attempts = 3, CompletedAt = host.Time.GetUtcNow() });
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("opened", "run_failed", "acme"), (messages[0].Event, messages[0].Kind, messages[0].ClientId));
        Assert.Equal("[Backfill] Acme (acme): run failed", messages[0].Title);
        Assert.Contains("Klaviyo answered 503: Service Unavailable\nAttempt 1. Every day through 2026-03-10 is written", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(("resolved", "run_failed"), (messages[1].Event, messages[1].Kind));
        Assert.Contains("Resolved: a later run completed.", messages[1].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(2);
        var stored = Assert.Single(await host.Incidents.ListAsync(TestContext.Current.CancellationToken), i => i.ClientId == Acme);
        Assert.False(stored.IsOpen);
        Assert.Equal("The document store failed: unavailable\nAttempt 2. Every day through 2026-03-10 is written; a retry continues after it.", stored.Detail);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task KlaviyoRefusesTheKey_OpensKeyRefusedAtOnce_NotRunFailed(int status)
    {
        await using var host = await AlertMonitorHost.StartAsync();
        var describe = BackfillCoordinator.Describe(new Services.Klaviyo.KlaviyoAuthException((System.Net.HttpStatusCode)status, "Incorrect authentication credentials.", null, null));

        await host.PublishAsync(Failed(describe));
        var messages = await host.WaitForMessagesAsync(1);

        Assert.StartsWith($"Klaviyo refused the key ({status})", describe, StringComparison.Ordinal);
        Assert.Equal(("opened", "key_refused"), (messages[0].Event, messages[0].Kind));
        Assert.Contains("Klaviyo refused the client's API key", messages[0].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(1);
    }

    [Fact]
    public async Task Restart_NeitherRepeatsNorForgetsAnOpenIncident()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Failed("Klaviyo answered 500: boom"));
        await host.WaitForMessagesAsync(1);

        await host.RestartAsync();
        await host.PublishAsync(Failed("Klaviyo answered 500: boom"));
        Assert.Contains(host.Board.Current, i => i is { IsOpen: true, Kind: AlertKind.RunFailed } && i.ClientId == Acme);
        await host.PublishAsync(Status(BackfillState.Completed) with { CompletedAt = host.Time.GetUtcNow() });
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(["opened", "resolved"], messages.Select(m => m.Event));
        await host.AssertNothingMoreAsync(2);
    }

    [Fact]
    public async Task StillOpen_IsRepeatedOnlyAfterRenotifyAfter()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Failed("Klaviyo answered 500: boom"));
        await host.WaitForMessagesAsync(1);

        await host.AdvanceAsync(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(55));
        Assert.True(host.Receiver.Attempts == 1, string.Join("\n", host.Messages.Select(m => $"{m.Event} {m.Kind} {m.Text}")));
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("reminder", "run_failed"), (messages[1].Event, messages[1].Kind));
        Assert.StartsWith("[Backfill] Still open: Acme (acme): run failed", messages[1].Title, StringComparison.Ordinal);
        Assert.Contains("Open since 2026-03-14 12:00 UTC.", messages[1].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(2);
    }

    [Fact]
    public async Task InProgressWithoutACheckpoint_IsStalledAfterStallAfter_AndACheckpointResolves()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Running(day: 3) with { Phase = "writing 2026-03-04" });

        // Progress that is not a checkpoint (the phase, counters) does not count.
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        await host.PublishAsync(Running(day: 3) with { Phase = "writing 2026-03-04", KlaviyoRequests = 99 });
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, host.Receiver.Attempts);
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var stalled = await host.WaitForMessagesAsync(1);
        await host.PublishAsync(Running(day: 4));
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("opened", "stalled"), (stalled[0].Event, stalled[0].Kind));
        Assert.Contains("no checkpoint for 30 minutes", stalled[0].Text, StringComparison.Ordinal);
        Assert.Contains("Last checkpoint: 2026-03-03; step: writing 2026-03-04.", stalled[0].Text, StringComparison.Ordinal);
        Assert.Equal(("resolved", "stalled"), (messages[1].Event, messages[1].Kind));
        Assert.Contains("the run wrote a checkpoint again", messages[1].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(2);
    }

    [Fact]
    public async Task WaitingForARateLimit_IsNeverStalled()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Status(BackfillState.WaitingRateLimit) with { RateLimitedUntil = host.Time.GetUtcNow().AddHours(5) });

        await host.AdvanceAsync(TimeSpan.FromHours(2));

        await host.AssertNothingMoreAsync(0);
    }

    [Fact]
    public async Task ZeroOrdersYesterday_AfterAWeekWithOrders_OpensAtTheDailyCheck_AndOrdersResolve()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        var today = new DateOnly(2026, 3, 15);
        for (var day = today.AddDays(-8); day < today.AddDays(-1); day = day.AddDays(1))
        {
            await WriteRollupAsync(host, day, orders: 4);
        }

        await WriteRollupAsync(host, today.AddDays(-1), orders: 0);
        var covered = Status(BackfillState.Completed) with { Coverage = Covering(today.AddDays(-8), today.AddDays(-1)), TimeZone = "Europe/Berlin" };
        await host.PublishAsync(covered);

        // Noon on the 14th, then past 07:00 UTC on the 15th (08:00 in Berlin, so "yesterday" there is the 14th).
        await host.AdvanceAsync(TimeSpan.FromHours(19) + TimeSpan.FromMinutes(5));
        var opened = await host.WaitForMessagesAsync(1);
        await WriteRollupAsync(host, today, orders: 3);
        await host.PublishAsync(covered with { Coverage = Covering(today.AddDays(-8), today) });
        await host.AdvanceAsync(TimeSpan.FromDays(1));
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("opened", "zero_orders"), (opened[0].Event, opened[0].Kind));
        Assert.Contains("No orders on 2026-03-14; the 7 days before averaged 4 a day.", opened[0].Text, StringComparison.Ordinal);
        Assert.Equal(("resolved", "zero_orders"), (messages[1].Event, messages[1].Kind));
        Assert.Contains("3 orders on 2026-03-15", messages[1].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(2);
    }

    [Fact]
    public async Task ZeroOrdersOnADayNotCopied_IsNoNews()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        var yesterday = new DateOnly(2026, 3, 14);
        for (var day = yesterday.AddDays(-7); day < yesterday; day = day.AddDays(1))
        {
            await WriteRollupAsync(host, day, orders: 4);
        }

        await host.PublishAsync(Status(BackfillState.Completed) with { Coverage = Covering(yesterday.AddDays(-7), yesterday.AddDays(-1)) });
        await host.AdvanceAsync(TimeSpan.FromHours(20));

        await host.AssertNothingMoreAsync(0);
    }

    [Fact]
    public async Task ValidationMismatch_OpensWithTheDays_AndAPassingValidationResolves()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Status(BackfillState.Completed));

        host.Signals.ValidationMismatch(Acme, [new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2)]);
        host.Signals.ValidationMismatch(Acme, [new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 5)]);
        host.Signals.ValidationMismatch(Acme, []);
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("opened", "validation_mismatch"), (messages[0].Event, messages[0].Kind));
        Assert.Contains("Validation found 2 days that differ from Klaviyo.\nDays: 2026-03-01, 2026-03-02", messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(("resolved", "validation_mismatch"), (messages[1].Event, messages[1].Kind));
        await host.AssertNothingMoreAsync(2);
    }

    [Fact]
    public async Task ReportingBudgetExhausted_Opens_AndResolvesItselfWhenTheBudgetReturns()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Status(BackfillState.WaitingRateLimit));

        host.Signals.ReportingBudgetExhausted(Acme, host.Time.GetUtcNow().AddHours(3));
        host.Signals.ReportingBudgetExhausted(Acme, host.Time.GetUtcNow().AddHours(3));
        var opened = await host.WaitForMessagesAsync(1);
        await host.AdvanceAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(55));
        Assert.Equal(1, host.Receiver.Attempts);
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));
        var messages = await host.WaitForMessagesAsync(2);

        Assert.Equal(("opened", "reporting_budget_exhausted"), (opened[0].Event, opened[0].Kind));
        Assert.Contains("reports resume at 2026-03-14 15:00 UTC", opened[0].Text, StringComparison.Ordinal);
        Assert.Equal(("resolved", "reporting_budget_exhausted"), (messages[1].Event, messages[1].Kind));
        Assert.Contains("the reporting budget is available again", messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completed_IsSilentByDefault()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Running(day: 1));

        await host.PublishAsync(Status(BackfillState.Completed) with { CompletedAt = host.Time.GetUtcNow() });

        await host.AssertNothingMoreAsync(0);
    }

    [Fact]
    public async Task Completed_WhenAskedFor_IsToldOncePerRun_NotAgainAfterARestart()
    {
        await using var host = await AlertMonitorHost.StartAsync(("Alerts:NotifyCompleted", "true"));
        await host.PublishAsync(Running(day: 1));

        var done = Status(BackfillState.Completed) with { CompletedAt = host.Time.GetUtcNow(), Orders = 120, DaysCompleted = 30 };
        await host.PublishAsync(done);
        await host.PublishAsync(done with { UpdatedAt = host.Time.GetUtcNow() });
        var messages = await host.WaitForMessagesAsync(1);
        await host.RestartAsync();

        Assert.Equal(("notice", "completed"), (messages[0].Event, messages[0].Kind));
        Assert.Contains("The backfill run completed: 120 orders over 30 days.", messages[0].Text, StringComparison.Ordinal);
        await host.AssertNothingMoreAsync(1);
    }

    [Fact]
    public async Task RemovedClient_ItsOpenIncidentsCloseQuietly()
    {
        await using var host = await AlertMonitorHost.StartAsync();
        await host.PublishAsync(Failed("Klaviyo answered 500: boom"));
        await host.WaitForMessagesAsync(1);

        await host.PublishAsync();

        Assert.DoesNotContain(host.Board.Current, i => i.IsOpen && i.ClientId == Acme);
        await host.AssertNothingMoreAsync(1);
    }

    private static BackfillStatus Status(BackfillState state) =>
        BackfillStatus.NotStarted(Acme, "Acme") with { State = state, RunId = "run-1", Attempts = 1, TotalDays = 30 };

    private static BackfillStatus Running(int day) =>
        Status(BackfillState.InProgress) with { LastCompletedDate = new DateOnly(2026, 3, day), DaysCompleted = day };

    private static BackfillStatus Failed(string error) =>
        Status(BackfillState.Failed) with { Error = error, ErrorAt = AlertTestServices.Noon, LastCompletedDate = new DateOnly(2026, 3, 10) };

    private static ClientCoverage Covering(DateOnly first, DateOnly last) => new() { Orders = DayRanges.Empty.Add(first, last) };

    private static Task WriteRollupAsync(AlertMonitorHost host, DateOnly day, long orders) =>
        host.Store.CommitAsync(
            [Write.Set(DataLayout.DailyRollup(Acme, day), new DailyRollup(day, orders, new Dictionary<string, decimal> { ["EUR"] = orders * 10m }, new Dictionary<string, long> { ["EUR"] = orders }, 0, 1, 1, "EUR").ToFields(AlertTestServices.Noon))],
            TestContext.Current.CancellationToken);
}
