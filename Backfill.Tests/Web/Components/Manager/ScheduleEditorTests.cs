using Backfill.Services.Backfill;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Backfill.Web.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The schedule editor, opened from a client's row: the schedule in words, its next runs, saving, and the global pause.</summary>
public sealed class ScheduleEditorTests : ManagerTestContext
{
    private readonly string _directory = TestDirectory.NewPath("backfill-schedule-ui-");
    private readonly EmbeddedDocumentStore _store;
    private readonly ScheduleBook _book;

    public ScheduleEditorTests()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        _book = new ScheduleBook(new ScheduleStore(_store), Coordinator, new FakeTimeProvider(Noon), Options.Create(new ScheduleOptions { StaggerMinutes = 0 }));
        Services.AddSingleton(_book);
        Services.AddScoped<GuardedScheduleCommands>();
        Coordinator.Publish(Status("acme", BackfillState.Completed) with { TimeZone = "America/Los_Angeles" });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guard_AUserLimitedToSomeClients_ChangesOnlyTheirSchedules_AndNeverTheGlobalPause()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed) with { TimeZone = "America/Los_Angeles" }, Status("theirs", BackfillState.Completed));
        SignInAs(BackfillRoles.Operator);
        Authorization.SetClaims([.. ClientScope.Claims(["acme"])]);
        var guard = Services.GetRequiredService<GuardedScheduleCommands>();
        var request = new ScheduleRequest("0 5 * * *", "refresh", Enabled: true);

        var own = await guard.SetClientScheduleAsync(ClientId.Parse("acme"), request, Ct);
        var other = await guard.SetClientScheduleAsync(ClientId.Parse("theirs"), request, Ct);
        var pause = await guard.SetPausedAsync(true, Ct);

        Assert.Null(own);
        Assert.Equal("No client 'theirs' is registered.", other);
        Assert.NotNull(pause);
        Assert.Equal("0 5 * * *", (await _book.FindAsync(ClientId.Parse("acme"), Ct))!.Schedule.Cron);
        Assert.Equal(ScheduleDefinition.DefaultCron, (await _book.FindAsync(ClientId.Parse("theirs"), Ct))!.Schedule.Cron);
        Assert.False((await _book.GetAsync(Ct)).Settings.Paused);
    }

    [Fact]
    public void Open_ShowsTheDefaultInWords_AndTheNextThreeRunsInTheAccountsTime()
    {
        var cut = RenderManager();

        OpenMenu(cut, "acme");
        cut.Find("[data-testid='schedule-acme']").Click();

        cut.WaitForAssertion(() => Assert.Equal("every day at 03:00, America/Los_Angeles", cut.Find("[data-testid='schedule-words']").TextContent.Trim()));
        Assert.Contains("follows the default schedule", cut.Find("[data-testid='schedule-source']").TextContent, StringComparison.Ordinal);
        // Noon UTC on 2026-03-14 is 05:00 in Los Angeles (PDT since 2026-03-08): the next 03:00 is tomorrow, 10:00 UTC.
        Assert.Equal(
            ["Sun 2026-03-15 03:00 (UTC-07:00) · 2026-03-15 10:00 UTC", "Mon 2026-03-16 03:00 (UTC-07:00) · 2026-03-16 10:00 UTC", "Tue 2026-03-17 03:00 (UTC-07:00) · 2026-03-17 10:00 UTC"],
            cut.FindAll("[data-testid='schedule-next-runs'] li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task Edit_NewExpressionAndKind_UpdatesTheWords_AndSaveStoresTheClientsOwnSchedule()
    {
        var cut = RenderManager();
        OpenMenu(cut, "acme");
        cut.Find("[data-testid='schedule-acme']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='schedule-cron']"));

        cut.Find("[data-testid='schedule-cron']").Input("30 6 * * 1-5");
        cut.WaitForAssertion(() => Assert.Equal("every weekday (Monday to Friday) at 06:30, America/Los_Angeles", cut.Find("[data-testid='schedule-words']").TextContent.Trim()));
        Assert.StartsWith("Mon 2026-03-16 06:30", cut.FindAll("[data-testid='schedule-next-runs'] li")[0].TextContent.Trim(), StringComparison.Ordinal);
        // MudRadio selects on its input's click in some MudBlazor versions and on change in others.
        var backfill = cut.Find("[data-testid='schedule-kind-backfill']");
        if (backfill.HasAttribute("blazor:onclick"))
        {
            backfill.Click();
        }
        else
        {
            backfill.Change("backfill");
        }

        cut.Find("[data-testid='schedule-save']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='schedule-dialog']")));
        var own = (await _book.GetAsync(Ct)).Own[ClientId.Parse("acme")];
        Assert.Equal(("30 6 * * 1-5", ScheduleKind.Backfill, true, "operator@agency.example"), (own.Cron, own.Kind, own.Enabled, own.UpdatedBy));
        Assert.NotNull(await _store.GetAsync(DataLayout.Schedule(ClientId.Parse("acme")), Ct));
    }

    [Fact]
    public void Edit_BadExpression_SaysWhy_AndCannotBeSaved()
    {
        var cut = RenderManager();
        OpenMenu(cut, "acme");
        cut.Find("[data-testid='schedule-acme']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='schedule-cron']"));

        cut.Find("[data-testid='schedule-cron']").Input("0 25 * * *");

        cut.WaitForAssertion(() => Assert.Contains("not a valid expression", cut.Find("[data-testid='schedule-dialog']").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid='schedule-save']").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid='schedule-next-runs']"));
    }

    [Fact]
    public async Task GlobalPause_Toggle_PausesEverySchedule()
    {
        var cut = RenderManager();
        OpenMenu(cut, "acme");
        cut.Find("[data-testid='schedule-acme']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='schedule-global-pause']"));

        cut.Find("[data-testid='schedule-global-pause']").Change(true);

        cut.WaitForAssertion(() => Assert.Contains("All schedules are paused", cut.Find("[data-testid='schedule-dialog']").TextContent, StringComparison.Ordinal));
        Assert.True((await _book.GetAsync(Ct)).Settings.Paused);
        Assert.NotNull(await _store.GetAsync(DataLayout.ScheduleSettings.Document("pause"), Ct));
    }

    [Fact]
    public async Task Viewer_SeesTheScheduleButCannotChangeIt_EvenThroughTheCommands()
    {
        SignInAs(BackfillRoles.Viewer);
        var cut = RenderManager();

        OpenMenu(cut, "acme");
        cut.Find("[data-testid='schedule-acme']").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid='schedule-next-runs'] li").Count));
        Assert.True(cut.Find("[data-testid='schedule-save']").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid='schedule-cron']").HasAttribute("disabled"));
        var refusal = await Services.GetRequiredService<GuardedScheduleCommands>().SetPausedAsync(true, Ct);
        Assert.Contains("needs the operator role", refusal, StringComparison.Ordinal);
        Assert.False((await _book.GetAsync(Ct)).Settings.Paused);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _book.Dispose();
        _store.Dispose();
        TestDirectory.Delete(_directory);
    }
}
