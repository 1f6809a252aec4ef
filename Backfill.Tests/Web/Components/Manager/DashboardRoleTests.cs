using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>What a viewer and an operator can do on the dashboard: the buttons, and the server-side check behind them.</summary>
public sealed class DashboardRoleTests : ManagerTestContext
{
    private static readonly string[] OperatorControls = ["start-all", "start-test", "add-client", "start-done", "quick-done", "retry-failed", "clear-failed", "cancel-busy"];

    [Fact]
    public void Render_Viewer_DisablesEveryCommandButKeepsViewData()
    {
        SignInAs(BackfillRoles.Viewer);
        PublishOneOfEach();

        var cut = RenderManager();

        Assert.All(OperatorControls, id => Assert.False(IsEnabled(cut, id), $"{id} is enabled for a viewer"));
        Assert.Equal("/data/done", cut.Find("[data-testid='view-done']").GetAttribute("href"));
        Assert.Contains("needs the operator role", cut.Find("[data-testid='viewer-notice']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Operator_EnablesCommandsAndShowsNoViewerNotice()
    {
        PublishOneOfEach();

        var cut = RenderManager();

        Assert.All(OperatorControls, id => Assert.True(IsEnabled(cut, id), $"{id} is disabled for an operator"));
        Assert.Empty(cut.FindAll("[data-testid='viewer-notice']"));
    }

    [Theory]
    [InlineData("quick-done")]
    [InlineData("retry-failed")]
    [InlineData("cancel-busy")]
    [InlineData("start-test")]
    public void Click_RoleRevokedAfterRender_IsRefusedOnTheServerAndNothingIsSent(string control)
    {
        PublishOneOfEach();
        var cut = RenderManager();

        // The button is still enabled in this circuit (as if the browser had re-enabled it); the click must still fail.
        SignInAs(BackfillRoles.Viewer);
        cut.Find($"[data-testid='{control}']").Click();

        Assert.Empty(Coordinator.Commands);
        var snackbar = Assert.Single(Snackbars);
        Assert.Contains("Your role (viewer) may not", snackbar.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Commands => ["start", "start-all", "retry", "cancel", "clear", "add", "remove"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task GuardedCommand_Viewer_ReturnsForbiddenWithoutReachingTheCoordinator(string command)
    {
        SignInAs(BackfillRoles.Viewer);
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var (outcome, message) = await SendAsync(guard, command);

        Assert.Equal(BackfillCommandOutcome.Forbidden, outcome);
        Assert.Contains("needs the operator role", message, StringComparison.Ordinal);
        Assert.Empty(Coordinator.Commands);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task GuardedCommand_Operator_ReachesTheCoordinator(string command)
    {
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var (outcome, _) = await SendAsync(guard, command);

        Assert.Equal(BackfillCommandOutcome.Accepted, outcome);
        Assert.Single(Coordinator.Commands);
    }

    [Fact]
    public async Task GuardedCommand_SignedOut_IsForbidden()
    {
        Authorization.SetNotAuthorized();
        var guard = Services.GetRequiredService<GuardedBackfillCommands>();

        var (outcome, message) = await SendAsync(guard, "start");

        Assert.Equal(BackfillCommandOutcome.Forbidden, outcome);
        Assert.Contains("Your role (no role)", message, StringComparison.Ordinal);
        Assert.Empty(Coordinator.Commands);
    }

    private static async Task<(BackfillCommandOutcome Outcome, string Message)> SendAsync(GuardedBackfillCommands guard, string command)
    {
        var id = ClientId.Parse("acme");
        var ct = TestContext.Current.CancellationToken;
        if (command == "start-all")
        {
            var all = await guard.StartAllAsync(BackfillRequest.QuickCheck, testMode: false, ct);
            return (all.Outcome, all.Message);
        }

        var result = command switch
        {
            "start" => await guard.StartAsync(id, BackfillRequest.QuickCheck, ct),
            "retry" => await guard.RetryAsync(id, ct),
            "cancel" => await guard.CancelAsync(id, ct),
            "clear" => await guard.ClearAsync(id, ct),
            "add" => await guard.AddClientAsync(new NewClient("acme", "Acme"), ct),
            "remove" => await guard.RemoveClientAsync(id, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
        return (result.Outcome, result.Message);
    }

    private void PublishOneOfEach() =>
        Coordinator.Publish(Status("done", BackfillState.Completed), Status("failed", BackfillState.Failed), Status("busy", BackfillState.InProgress));

    private static bool IsEnabled(IRenderedComponent<IComponent> cut, string testId) =>
        !cut.Find($"[data-testid='{testId}']").HasAttribute("disabled");
}
