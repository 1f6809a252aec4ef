using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Bunit;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The manager's triage: summary counts that filter, sorting, paging, selection and the bulk dialog.</summary>
public sealed class ManagerTriageTests : ManagerTestContext
{
    // The clock is noon on 2026-03-14, so yesterday is 2026-03-13 and the default stale limit is 2 days behind it.
    private static readonly DateOnly Yesterday = new(2026, 3, 13);

    private static BackfillStatus Covered(string id, BackfillState state, int daysBehind, long orders = 0, string? name = null) =>
        Status(id, state, name) with
        {
            StartedAt = Noon.AddDays(-1),
            Orders = orders,
            Coverage = new ClientCoverage { Orders = DayRanges.Empty.Add(Yesterday.AddDays(-daysBehind - 30), Yesterday.AddDays(-daysBehind)) },
        };

    private static BackfillStatus[] Board() =>
    [
        Covered("running", BackfillState.InProgress, 0, orders: 10),
        Covered("queued", BackfillState.Queued, 0),
        Covered("throttled", BackfillState.WaitingRateLimit, 0),
        Covered("broken-a", BackfillState.Failed, 1, orders: 500),
        Covered("broken-b", BackfillState.Failed, 9, orders: 50),
        Covered("old", BackfillState.Completed, 3, orders: 5),
        Covered("fresh", BackfillState.Completed, 0, orders: 1000),
        Status("new"),
    ];

    private static IReadOnlyList<string> Rows(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut) =>
        [.. cut.FindAll("tr[data-testid^='client-row-']").Select(r => r.GetAttribute("data-testid")!["client-row-".Length..])];

    [Fact]
    public void Summary_CountsWhatNeedsAttention()
    {
        Coordinator.Publish(Board());

        var cut = RenderManager();

        string Count(string part) => cut.Find($"[data-testid='triage-count-{part}']").TextContent;
        Assert.Equal("8", Count("all"));
        Assert.Equal("1", Count("running"));
        Assert.Equal("2", Count("waiting"));
        Assert.Equal("2", Count("failed"));
        // broken-b (9 days) and old (3 days) end more than 2 days before yesterday; broken-a (1 day) does not.
        Assert.Equal("2", Count("stale"));
        Assert.Equal("1", Count("neverrun"));
    }

    [Fact]
    public void SummaryPart_Clicked_FiltersTheGrid_AndClickedAgainShowsAll()
    {
        Coordinator.Publish(Board());
        var cut = RenderManager();

        cut.Find("[data-testid='triage-failed']").Click();
        Assert.Equal(["broken-a", "broken-b"], Rows(cut));
        Assert.Equal("true", cut.Find("[data-testid='triage-failed']").GetAttribute("aria-pressed"));

        cut.Find("[data-testid='triage-stale']").Click();
        Assert.Equal(["broken-b", "old"], Rows(cut));

        cut.Find("[data-testid='triage-stale']").Click();
        Assert.Equal(8, Rows(cut).Count);
    }

    [Fact]
    public void Grid_ByDefault_PutsFailedFirstThenRunning_AndNeverRunShowsOneLine()
    {
        Coordinator.Publish(Board());

        var cut = RenderManager();

        Assert.Equal(["broken-a", "broken-b"], Rows(cut).Take(2));
        Assert.Equal(["queued", "running", "throttled"], Rows(cut).Skip(2).Take(3).Order());
        Assert.Equal("never run", cut.Find("[data-testid='activity-new']").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid='eta-new']"));
        cut.Find("[data-testid='details-toggle-running']").Click();
        Assert.NotNull(cut.Find("[data-testid='details-row-running'] [data-testid='eta-running']"));
    }

    [Fact]
    public void Grid_AStatusChange_KeepsTheRowsWhereTheyAre_UntilTheSortIsChosenAgain()
    {
        Coordinator.Publish(Status("aaa", name: "Aaa"), Status("bbb", name: "Bbb"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Equal(["aaa", "bbb"], Rows(cut)));

        // aaa completes: by status it would now sort after bbb, but rows do not jump under the user's focus.
        Coordinator.Publish(Status("aaa", BackfillState.Completed, name: "Aaa"), Status("bbb", name: "Bbb"));
        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find("[data-testid='status-aaa']").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Equal(["aaa", "bbb"], Rows(cut)));

        // Choosing a summary part sorts afresh.
        cut.Find("[data-testid='triage-all']").Click();
        cut.Find("[data-testid='triage-neverrun']").Click();
        cut.Find("[data-testid='triage-neverrun']").Click();
        cut.WaitForAssertion(() => Assert.Equal(["bbb", "aaa"], Rows(cut)));
    }

    [Fact]
    public void Grid_FiveHundredClients_RendersOnePage_AndPagesThroughTheRest()
    {
        Coordinator.Publish([.. Enumerable.Range(0, 500).Select(i => Status($"c{i:D3}", name: $"Client {i:D3}"))]);

        var cut = RenderManager();

        Assert.Equal(50, Rows(cut).Count);
        Assert.Equal("c000", Rows(cut)[0]);
        Assert.NotNull(cut.Find("[data-testid='pages']"));
        cut.Find("[data-testid='pages'] button[aria-label='Go to page 2'], [data-testid='pages'] li:nth-child(3) button").Click();
        Assert.Equal("c050", Rows(cut)[0]);
    }

    [Fact]
    public void Selection_AllMatchingTheFilter_BulkRetry_NamesTheClients_AndAnswersEach()
    {
        Coordinator.Publish(Board());
        Coordinator.Answer = command => command.ClientId == ClientId.Parse("broken-b")
            ? new BackfillCommandResult(BackfillCommandOutcome.Conflict, "broken-b is busy")
            : new BackfillCommandResult(BackfillCommandOutcome.Accepted, "Retrying");
        var cut = RenderManager();

        cut.Find("[data-testid='triage-failed']").Click();
        cut.Find("[data-testid='select-all-matching']").Click();
        Assert.Equal("2 selected", cut.Find("[data-testid='bulk-selected']").TextContent.Trim());

        cut.Find("[data-testid='bulk-retry']").Click();
        cut.WaitForAssertion(() => Assert.Equal("Retry 2 clients?", cut.Find("[data-testid='bulk-question']").TextContent.Trim()));
        var listed = cut.Find("[data-testid='bulk-clients']").TextContent;
        Assert.Contains("broken-a", listed, StringComparison.Ordinal);
        Assert.Contains("broken-b", listed, StringComparison.Ordinal);
        Assert.Empty(Coordinator.Commands);

        cut.Find("[data-testid='bulk-confirm']").Click();
        cut.WaitForAssertion(() => Assert.Contains("1 accepted, 1 refused", cut.Find("[data-testid='bulk-outcome']").TextContent, StringComparison.Ordinal));
        Assert.Contains("broken-b is busy", cut.Find("[data-testid='bulk-result-broken-b']").TextContent, StringComparison.Ordinal);
        Assert.Equal(["broken-a", "broken-b"], Coordinator.Commands.Where(c => c.Name == "retry").Select(c => c.ClientId!.Value.Value).Order());
    }

    [Fact]
    public void Selection_RowsTicked_AreCounted_AndKeepAcrossFilters()
    {
        Coordinator.Publish(Board());
        var cut = RenderManager();

        cut.Find("[data-testid='select-old']").Change(true);
        cut.Find("[data-testid='select-new']").Change(true);
        cut.Find("[data-testid='triage-failed']").Click();

        Assert.Equal("2 selected", cut.Find("[data-testid='bulk-selected']").TextContent.Trim());
        cut.Find("[data-testid='bulk-cancel']").Click();
        cut.WaitForAssertion(() => Assert.Equal("Cancel 2 clients?", cut.Find("[data-testid='bulk-question']").TextContent.Trim()));
        cut.Find("[data-testid='bulk-dialog-cancel']").Click();
        Assert.Empty(Coordinator.Commands);
    }

    [Fact]
    public void Viewer_SeesBulkActionsDisabled()
    {
        SignInAs(BackfillRoles.Viewer);
        Coordinator.Publish(Board());
        var cut = RenderManager();

        cut.Find("[data-testid='select-all-matching']").Click();

        Assert.True(cut.Find("[data-testid='bulk-retry']").HasAttribute("disabled"));
    }
}
