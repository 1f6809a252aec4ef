using Backfill.Services.Backfill;
using Backfill.Web.Components.Manager;
using Backfill.Web.Components.Manager.Triage;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// What a board snapshot costs the circuit: only the rows whose client changed re-render (and so reach the browser),
/// the summary line only when a count does, and the row buttons share one icon sprite.
/// </summary>
public sealed class ManagerRenderCostTests : ManagerTestContext
{
    private static BackfillStatus Running(string id, int days) =>
        Status(id, BackfillState.InProgress) with { TotalDays = 100, DaysCompleted = days, StartedAt = Noon, UpdatedAt = Noon.AddMinutes(days) };

    private static IRenderedComponent<ClientRow> Row(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string id) =>
        cut.FindComponents<ClientRow>().Single(r => r.Instance.Status.ClientId.Value == id);

    [Fact]
    public void Snapshot_WithOneClientChanged_RerendersOnlyThatRow()
    {
        var idle = Status("idle");
        var other = Status("other", BackfillState.Completed);
        Coordinator.Publish(idle, other, Running("busy", 1));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindComponents<ClientRow>().Count));
        var idleRenders = Row(cut, "idle").RenderCount;
        var otherRenders = Row(cut, "other").RenderCount;
        var busyRenders = Row(cut, "busy").RenderCount;

        // The board publishes a new object only for the client that changed; the others keep theirs.
        Coordinator.Publish(idle, other, Running("busy", 2));
        cut.WaitForAssertion(() => Assert.Contains("2.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));
        Coordinator.Publish(idle, other, Running("busy", 3));
        cut.WaitForAssertion(() => Assert.Contains("3.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));

        Assert.Equal(idleRenders, Row(cut, "idle").RenderCount);
        Assert.Equal(otherRenders, Row(cut, "other").RenderCount);
        Assert.Equal(busyRenders + 2, Row(cut, "busy").RenderCount);
    }

    [Fact]
    public void Snapshot_WithAnEqualButNewStatus_RerendersTheRow()
    {
        // References, not values: a new snapshot object for a client is shown even if it compares equal.
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Single(cut.FindComponents<ClientRow>()));
        var renders = Row(cut, "acme").RenderCount;

        Coordinator.Publish(Status("acme", BackfillState.Completed));

        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find("[data-testid='status-acme']").TextContent.Trim()));
        Assert.Equal(renders + 1, Row(cut, "acme").RenderCount);
    }

    [Fact]
    public void Row_OwnExpander_RerendersIt_AndSelectingItRerendersOnlyIt()
    {
        var a = Status("aaa");
        var b = Status("bbb");
        Coordinator.Publish(a, b);
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindComponents<ClientRow>().Count));
        var bRenders = Row(cut, "bbb").RenderCount;

        cut.Find("[data-testid='details-toggle-aaa']").Click();
        Assert.NotNull(cut.Find("[data-testid='details-row-aaa']"));
        Assert.Equal("true", cut.Find("[data-testid='details-toggle-aaa']").GetAttribute("aria-expanded"));

        cut.Find("[data-testid='select-aaa']").Change(true);
        Assert.True(cut.Find("[data-testid='select-aaa']").HasAttribute("checked"));
        Assert.Equal("1 selected", cut.Find("[data-testid='bulk-selected']").TextContent.Trim());
        Assert.Equal(bRenders, Row(cut, "bbb").RenderCount);
    }

    [Fact]
    public void Summary_RerendersOnlyWhenACountChanges()
    {
        Coordinator.Publish(Running("busy", 1), Status("idle"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='triage-count-running']").TextContent));
        Coordinator.Publish(Running("busy", 2), Status("idle"));
        cut.WaitForAssertion(() => Assert.Contains("2.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));

        // Counted from here: the buttons' own renders after the first one are over.
        var summary = cut.FindComponent<TriageSummary>();
        var renders = summary.RenderCount;
        Coordinator.Publish(Running("busy", 3), Status("idle"));
        cut.WaitForAssertion(() => Assert.Contains("3.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));
        Assert.Equal(renders, summary.RenderCount);

        Coordinator.Publish(Status("busy", BackfillState.Failed), Status("idle"));
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("[data-testid='triage-count-failed']").TextContent));
        Assert.Equal("0", cut.Find("[data-testid='triage-count-running']").TextContent);
        Assert.True(summary.RenderCount > renders);
    }

    [Fact]
    public void RowButtons_EachIconTheyUse_IsInTheSprite_AndPathsAreNotRepeatedPerRow()
    {
        Coordinator.Publish([.. Enumerable.Range(0, 20).Select(i => Status($"c{i:D2}", BackfillState.Failed))]);

        var cut = RenderManager();

        // The sprite is in the page's document (App.razor), not in the page's render.
        var symbols = System.Text.RegularExpressions.Regex.Matches(ActionIcons.Sprite, "<symbol id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Empty(cut.FindAll("svg symbol[id]"));
        var used = cut.FindAll("[data-testid^='client-row-'] use").Select(u => u.GetAttribute("href")!.TrimStart('#')).ToList();
        // A failed client's five run commands, view data, more actions, details and the status chip per row.
        Assert.Equal(20 * 9, used.Count);
        Assert.All(used, id => Assert.Contains(id, symbols));
        Assert.Empty(cut.FindAll("[data-testid^='client-row-'] .mud-icon-button path"));
    }

    [Fact]
    public void Grid_FiftyRows_RendersAScreenfulFirst_ThenTheRest_EachRowOnce()
    {
        var statuses = Enumerable.Range(0, 50).Select(i => Status($"c{i:D2}")).ToList();

        var cut = Render<ClientGrid>(p => p.Add(g => g.Statuses, statuses).Add(g => g.CanOperate, true));

        cut.WaitForAssertion(() => Assert.Equal(50, cut.FindComponents<ClientRow>().Count));
        Assert.All(cut.FindComponents<ClientRow>(), row => Assert.Equal(1, row.RenderCount));
        Assert.Equal(statuses.Select(s => $"client-row-{s.ClientId}"), cut.FindAll("tbody tr").Select(tr => tr.GetAttribute("data-testid")));
    }

    [Fact]
    public async Task BrowserGone_SnapshotsAreNotRendered_UntilItReconnects_ThenTheLatestIsShown()
    {
        var connection = new CircuitConnection();
        Services.AddSingleton(connection);
        Coordinator.Publish(Running("busy", 1));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Contains("1.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));
        var page = cut.FindComponent<BackfillManager>();

        await connection.OnConnectionDownAsync(null!, TestContext.Current.CancellationToken);
        var renders = page.RenderCount;
        Coordinator.Publish(Running("busy", 2));
        Coordinator.Publish(Running("busy", 3));
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);
        Assert.Equal(renders, page.RenderCount);
        Assert.Contains("1.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal);

        await connection.OnConnectionUpAsync(null!, TestContext.Current.CancellationToken);
        cut.WaitForAssertion(() => Assert.Contains("3.0 %", cut.Find("[data-testid='progress-text-busy']").TextContent, StringComparison.Ordinal));
    }
}
