using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Bunit;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The manager's open-alerts indicator per client and its 'Send test alert' button.</summary>
public sealed class ManagerAlertsTests : ManagerTestContext
{
    [Fact]
    public void OpenIncidents_ShowOnTheirClientsRow_AndGoWhenResolved()
    {
        Coordinator.Publish(Status("acme", BackfillState.Failed), Status("zeta", BackfillState.Completed));
        var cut = RenderManager();
        Assert.Empty(cut.FindAll("[data-testid^='alerts-']"));

        AlertBoard.Publish([Incident("acme", AlertKind.RunFailed), Incident("acme", AlertKind.Stalled), Incident("zeta", AlertKind.ZeroOrders) with { IsOpen = false }]);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid^='alerts-']")));
        var chip = cut.Find("[data-testid='client-row-acme'] [data-testid='alerts-acme']");
        AlertBoard.Publish([Incident("acme", AlertKind.RunFailed) with { IsOpen = false }]);

        Assert.Equal("2 open alerts", chip.TextContent.Trim());
        Assert.Equal("run failed since 2026-03-14 12:00:00 UTC; stalled since 2026-03-14 12:00:00 UTC", chip.GetAttribute("title"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid^='alerts-']")));
    }

    [Fact]
    public void SendTestAlert_Operator_SendsToEveryChannelAndSaysWhatEachDid()
    {
        var working = new RecordingAlertChannel("slack");
        var broken = new RecordingAlertChannel("webhook") { Failure = "The webhook answered 500: down" };
        AlertChannels.AddRange([working, broken]);
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();

        cut.Find("[data-testid='send-test-alert']").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, Snackbars.Count()));
        var message = Assert.Single(working.Messages);
        Assert.Equal(AlertEvent.Test, message.Event);
        Assert.Contains("operator@agency.example", message.Text, StringComparison.Ordinal);
        Assert.Contains(Snackbars, s => s.Message == "Test alert delivered to slack.");
        Assert.Contains(Snackbars, s => s.Message == "Test alert to webhook failed: The webhook answered 500: down");
    }

    [Fact]
    public void SendTestAlert_Viewer_IsDisabled()
    {
        AlertChannels.Add(new RecordingAlertChannel());
        SignInAs(BackfillRoles.Viewer);
        Coordinator.Publish(Status("acme"));

        var cut = RenderManager();

        Assert.False(IsEnabled(cut, "send-test-alert"));
    }

    [Fact]
    public void SendTestAlert_RoleRevokedAfterRender_IsRefusedOnTheServerAndNothingIsSent()
    {
        var channel = new RecordingAlertChannel();
        AlertChannels.Add(channel);
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();
        Assert.True(IsEnabled(cut, "send-test-alert"));

        SignInAs(BackfillRoles.Viewer);
        cut.Find("[data-testid='send-test-alert']").Click();

        cut.WaitForAssertion(() => Assert.Contains(Snackbars, s => s.Message?.Contains("Your role (viewer) may not send test alerts", StringComparison.Ordinal) == true));
        Assert.Empty(channel.Messages);
    }

    [Fact]
    public void SendTestAlert_NoChannelConfigured_IsDisabled()
    {
        Coordinator.Publish(Status("acme"));

        var cut = RenderManager();

        Assert.False(IsEnabled(cut, "send-test-alert"));
        Assert.Contains("No alert channel is configured", cut.Find("[data-testid='send-test-alert']").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_EndsTheAlertsSubscription()
    {
        Coordinator.Publish(Status("acme"));
        RenderManager();
        Assert.Equal(1, AlertBoard.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, AlertBoard.SubscriberCount);
    }

    private static AlertIncident Incident(string client, AlertKind kind) => new()
    {
        ClientId = ClientId.Parse(client),
        ClientName = $"Client {client}",
        Kind = kind,
        Summary = kind.Describe(),
        OpenedAt = Noon,
        LastNotifiedAt = Noon,
    };

    private static bool IsEnabled(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string testId) =>
        !cut.Find($"[data-testid='{testId}']").HasAttribute("disabled");
}
