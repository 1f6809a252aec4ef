using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.History;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The manager's coverage line, Refresh, Clear data (with its confirmation) and the run history dialog.</summary>
public sealed class LivingCopyActionsTests : ManagerTestContext
{
    private static readonly ClientCoverage Month = new()
    {
        Orders = DayRanges.Empty.Add(new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 13)),
        DailyStatistics = DayRanges.Empty.Add(new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 13)),
        Totals = DayRanges.Empty.Add(new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 13)),
    };

    private readonly string _directory = TestDirectory.NewPath("backfill-history-");

    [Fact]
    public void Row_ShowsWhatTheCopyCovers()
    {
        Coordinator.Publish(
            Status("acme", BackfillState.Completed) with { Coverage = Month },
            Status("globex"),
            Status("initech", BackfillState.Completed) with { Coverage = Month with { Orders = Month.Orders.Add(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 7)) } });

        var cut = RenderManager();

        Assert.Equal("covered 2026-02-12 → 2026-03-13, 30 days", cut.Find("[data-testid='coverage-acme']").TextContent);
        Assert.Equal("nothing copied yet", cut.Find("[data-testid='coverage-globex']").TextContent);
        Assert.Equal("covered 2026-01-01 → 2026-03-13, 37 days in 2 spans", cut.Find("[data-testid='coverage-initech']").TextContent);
    }

    [Fact]
    public void Refresh_Clicked_SendsRefresh_AndIsOffWhileRunning()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed) with { Coverage = Month }, Status("globex", BackfillState.InProgress));
        var cut = RenderManager();

        cut.Find("[data-testid='refresh-acme']").Click();

        cut.WaitForAssertion(() => Assert.Equal(new FakeCommand("refresh", ClientId.Parse("acme")), Assert.Single(Coordinator.Commands)));
        // A running client is offered no refresh at all (only the commands its state allows are on the row).
        Assert.Empty(cut.FindAll("[data-testid='refresh-globex']"));
    }

    [Fact]
    public void ClearData_AsksByName_ThenSendsClearData()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed) with { Coverage = Month }, Status("globex"));
        var cut = RenderManager();
        OpenMenu(cut, "globex");
        Assert.True(cut.Find("[data-testid='clear-data-globex']").HasAttribute("disabled"));

        OpenMenu(cut, "acme");
        cut.Find("[data-testid='clear-data-acme']").Click();

        cut.WaitForAssertion(() => Assert.Contains("covered 2026-02-12 → 2026-03-13", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Empty(Coordinator.Commands);
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete acme's data").Click();
        cut.WaitForAssertion(() => Assert.Equal(new FakeCommand("clear-data", ClientId.Parse("acme")), Assert.Single(Coordinator.Commands)));
    }

    [Fact]
    public async Task History_ListsTheRunsNewestFirst_AndLoadsOlderPages()
    {
        await using var store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        Services.AddSingleton(new RunHistory(store));
        var acme = ClientId.Parse("acme");
        var writes = Enumerable.Range(0, 25).Select(i =>
        {
            var run = Status("acme", BackfillState.Completed) with
            {
                RunId = RunIds.New(Noon.AddHours(i)),
                StartedAt = Noon.AddHours(i),
                Parameters = BackfillParameters.Default with { Kind = i % 2 == 0 ? RunKind.Refresh : RunKind.Backfill },
                Orders = i,
            };
            return Write.Set(DataLayout.Run(acme, run.RunId!), RunDocument.ToFields(RunDocument.FromStatus(run)));
        });
        await store.CommitAsync([.. writes], TestContext.Current.CancellationToken);
        Coordinator.Publish(Status("acme", BackfillState.Completed) with { Coverage = Month });
        var cut = RenderManager();

        OpenMenu(cut, "acme");
        cut.Find("[data-testid='history-acme']").Click();

        cut.WaitForAssertion(() => Assert.Equal(20, cut.FindAll("[data-testid^='run-2']").Count));
        Assert.Contains("2026-03-15 12:00:00 UTC", cut.FindAll("[data-testid^='run-2']")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("refresh", cut.FindAll("[data-testid^='run-2']")[0].TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid='run-history-more']").Click();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("[data-testid^='run-2']").Count));
        Assert.Empty(cut.FindAll("[data-testid='run-history-more']"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        TestDirectory.Delete(_directory);
    }
}
