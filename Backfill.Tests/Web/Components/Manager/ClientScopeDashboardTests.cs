using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Components.DataViewer;
using Backfill.Web.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>A user limited to some clients (client claims, as sign-in issues them) on the manager, the data index and the dashboard's commands.</summary>
public sealed class ClientScopeDashboardTests : ManagerTestContext
{
    private static readonly ClientId Mine = ClientId.Parse("mine");
    private static readonly ClientId Theirs = ClientId.Parse("theirs");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Manager_ScopedUser_ShowsOnlyTheirClientsAndCountsOnlyThem()
    {
        Limit("mine", "also-mine");
        Coordinator.Publish(Status("mine", BackfillState.Completed), Status("theirs", BackfillState.Failed), Status("also-mine"));

        var cut = RenderManager();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='client-row-mine']")));
        Assert.NotEmpty(cut.FindAll("[data-testid='client-row-also-mine']"));
        Assert.Empty(cut.FindAll("[data-testid='client-row-theirs']"));
        Assert.DoesNotContain("theirs", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("2 clients", cut.Find("[data-testid='board-summary']").TextContent.Replace('\u00a0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void Manager_ScopedUser_LiveUpdatesOfTheirClientsArriveOthersNever()
    {
        Limit("mine");
        Coordinator.Publish(Status("mine"), Status("theirs"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid='client-row-mine']")));

        Coordinator.Publish(Status("mine", BackfillState.InProgress), Status("theirs", BackfillState.Failed, name: "Secret Shop"));

        cut.WaitForAssertion(() => Assert.Equal("in_progress", cut.Find("[data-testid='status-mine']").GetAttribute("data-state")));
        Assert.DoesNotContain("Secret Shop", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='client-row-theirs']"));
    }

    [Fact]
    public async Task Subscribe_ScopedUser_SkipsSnapshotsThatChangeOnlyOtherClients()
    {
        Limit("mine");
        var mine = Status("mine");
        Coordinator.Publish(mine, Status("theirs"));
        using var feed = Services.GetRequiredService<ClientAccess>().Subscribe(Coordinator);
        var first = await feed.Updates.ReadAsync(Ct);

        Coordinator.Publish(mine, Status("theirs", BackfillState.InProgress));
        Coordinator.Publish(mine, Status("theirs", BackfillState.Failed));

        Assert.Equal([Mine], first.Statuses.Select(s => s.ClientId));
        Assert.False(feed.Updates.TryRead(out _));
        Coordinator.Publish(mine with { State = BackfillState.Queued }, Status("theirs", BackfillState.Failed));
        var next = await feed.Updates.ReadAsync(Ct);
        Assert.Equal(BackfillState.Queued, Assert.Single(next.Statuses).State);
    }

    [Fact]
    public async Task Subscribe_Unscoped_PassesEveryClientAndSnapshot()
    {
        Coordinator.Publish(Status("mine"), Status("theirs"));
        using var feed = Services.GetRequiredService<ClientAccess>().Subscribe(Coordinator);
        await feed.Updates.ReadAsync(Ct);

        Coordinator.Publish(Status("mine"), Status("theirs", BackfillState.InProgress));

        var next = await feed.Updates.ReadAsync(Ct);
        Assert.Equal(2, next.Statuses.Count);
    }

    [Fact]
    public void DataIndex_ScopedUser_ListsOnlyTheirClients()
    {
        Limit("mine");
        Coordinator.Publish(Status("mine"), Status("theirs"));

        var cut = Render<DataIndex>();

        Assert.NotEmpty(cut.FindAll("[data-testid='data-link-mine']"));
        Assert.Empty(cut.FindAll("[data-testid='data-link-theirs']"));
    }

    public static TheoryData<string> ClientCommands => ["start", "retry", "cancel", "clear", "refresh", "resync", "clear-data", "validate", "remove"];

    [Theory]
    [MemberData(nameof(ClientCommands))]
    public async Task GuardedCommand_OtherClient_IsUnknownAndNeverReachesTheCoordinator(string command)
    {
        Limit("mine");
        Coordinator.Publish(Status("mine"), Status("theirs"));
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var result = await SendAsync(guard, command, Theirs);

        Assert.Equal(BackfillCommandOutcome.NotFound, result.Outcome);
        Assert.Equal("No client 'theirs' is registered.", result.Message);
        Assert.Empty(Coordinator.Commands);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("cancel")]
    [InlineData("remove")]
    public async Task GuardedCommand_OwnClient_ReachesTheCoordinator(string command)
    {
        Limit("mine");
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var result = await SendAsync(guard, command, Mine);

        Assert.Equal(BackfillCommandOutcome.Accepted, result.Outcome);
        Assert.Equal(Mine, Assert.Single(Coordinator.Commands).ClientId);
    }

    [Fact]
    public async Task StartAll_ScopedUser_StartsOnlyTheirClients()
    {
        Limit("mine", "also-mine");
        Coordinator.Publish(Status("mine"), Status("theirs"), Status("also-mine"));
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var result = await guard.StartAllAsync(BackfillRequest.QuickCheck, testMode: false, Ct);

        Assert.Equal(["mine", "also-mine"], Coordinator.Commands.Select(c => $"{c.ClientId}"));
        Assert.All(Coordinator.Commands, c => Assert.Equal("start", c.Name));
        Assert.Equal("Started 2 of 2 clients", result.Message);
    }

    [Fact]
    public async Task StartAll_TestModeWithTheTestClientOutsideTheScope_StartsNothing()
    {
        Limit("mine");
        Coordinator.Publish(Status("mine"), Status("rogue-creamery"));
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var result = await guard.StartAllAsync(BackfillRequest.QuickCheck, testMode: true, Ct);

        Assert.Equal(BackfillCommandOutcome.NotFound, result.Outcome);
        Assert.Empty(Coordinator.Commands);
    }

    [Fact]
    public async Task StartAll_Unscoped_IsTheCoordinatorsOwnStartAll()
    {
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        await guard.StartAllAsync(BackfillRequest.QuickCheck, testMode: false, Ct);

        Assert.Equal("start-all", Assert.Single(Coordinator.Commands).Name);
    }

    [Theory]
    [InlineData("theirs", false)]
    [InlineData("mine", true)]
    public async Task AddClient_ScopedUser_OnlyAnIdInTheirList(string id, bool accepted)
    {
        Limit("mine");
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var result = await guard.AddClientAsync(new NewClient(id, "A client"), Ct);

        Assert.Equal(accepted ? BackfillCommandOutcome.Accepted : BackfillCommandOutcome.Forbidden, result.Outcome);
        Assert.Equal(accepted ? 1 : 0, Coordinator.Commands.Count);
    }

    /// <summary>An operator limited to <paramref name="clients"/>, with the claims sign-in would give them.</summary>
    private void Limit(params string[] clients)
    {
        SignInAs(BackfillRoles.Operator);
        Authorization.SetClaims([.. ClientScope.Claims(clients)]);
    }

    private static async Task<BackfillCommandResult> SendAsync(GuardedBackfillCommands guard, string command, ClientId id) => command switch
    {
        "start" => await guard.StartAsync(id, BackfillRequest.QuickCheck, Ct),
        "retry" => await guard.RetryAsync(id, Ct),
        "cancel" => await guard.CancelAsync(id, Ct),
        "clear" => await guard.ClearAsync(id, Ct),
        "refresh" => await guard.RefreshAsync(id, new RefreshRequest(), Ct),
        "resync" => await guard.ResyncAsync(id, [new DateOnly(2026, 3, 1)], Ct),
        "clear-data" => await guard.ClearDataAsync(id, Ct),
        "validate" => await guard.ValidateAsync(id, Ct),
        "remove" => await guard.RemoveClientAsync(id, Ct),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
