using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The "Edit" row action: the add-client dialog in edit mode, prefilled, sending one update-client command.</summary>
public sealed class ClientEditDialogTests : ManagerTestContext
{
    private static readonly ClientId Acme = ClientId.Parse("acme");

    private IRenderedComponent<IComponent> OpenEdit(BackfillState state = BackfillState.Completed)
    {
        Coordinator.Clients[Acme] = new ClientRecord(Acme, "Acme", "klaviyo-acme", "AbC123", false, Noon, Noon) { RefreshLookbackDays = 4 };
        Coordinator.Publish(Status("acme", state, "Acme"), Status("globex", name: "Globex"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => OpenMenu(cut, "acme"));
        cut.Find("[data-testid='edit-acme']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='client-name']"));
        return cut;
    }

    private static string Value(IRenderedComponent<IComponent> cut, string testId) =>
        cut.Find($"input[data-testid='{testId}'], [data-testid='{testId}'] input").GetAttribute("value") ?? "";

    [Fact]
    public void Edit_OpensPrefilled_WithTheIdFixed()
    {
        var cut = OpenEdit();

        Assert.Equal("acme", Value(cut, "client-id"));
        Assert.Equal("Acme", Value(cut, "client-name"));
        Assert.Equal("klaviyo-acme", Value(cut, "client-secret"));
        Assert.Equal("4", Value(cut, "client-lookback"));
        Assert.True(cut.Find("input[data-testid='client-id'], [data-testid='client-id'] input").HasAttribute("disabled"));
        Assert.Equal("Save", cut.Find("[data-testid='add-client-submit']").TextContent.Trim());
    }

    [Fact]
    public void Edit_RenameOnly_SavesWithoutATest_AndKeepsTheKeyAndMetric()
    {
        var cut = OpenEdit();

        Assert.Empty(cut.FindAll("[data-testid='add-client-untested']"));
        cut.Find("[data-testid='client-name']").Input("Acme Outdoor");
        cut.Find("[data-testid='client-lookback']").Input("6");
        cut.Find("[data-testid='add-client-submit']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        var command = Assert.Single(Coordinator.Commands);
        Assert.Equal("update-client", command.Name);
        Assert.Equal(Acme, command.ClientId);
        Assert.Equal(new ClientEdit("Acme Outdoor", "klaviyo-acme", "AbC123", 6), command.Edit);
        Assert.Equal(Severity.Success, Assert.Single(Snackbars).Severity);
    }

    [Fact]
    public void Edit_ChangedKey_NeedsATestOrTheExplicitUntestedSave()
    {
        var cut = OpenEdit();

        cut.Find("[data-testid='client-secret']").Input("klaviyo-acme-new");
        cut.Find("[data-testid='add-client-submit']").Click();

        Assert.Contains("Test the connection first", cut.Find("[data-testid='add-client-refusal']").TextContent, StringComparison.Ordinal);
        Assert.Empty(Coordinator.Commands);

        cut.Find("[data-testid='add-client-untested'] input, input[data-testid='add-client-untested']").Change(true);
        cut.Find("[data-testid='add-client-submit']").Click();

        cut.WaitForAssertion(() => Assert.Equal("klaviyo-acme-new", Assert.Single(Coordinator.Commands).Edit?.KlaviyoSecretName));
    }

    [Fact]
    public void Edit_BadLookback_NamesTheFieldAndSendsNothing()
    {
        var cut = OpenEdit();

        cut.Find("[data-testid='client-lookback']").Input("0");
        cut.Find("[data-testid='add-client-submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains("the refresh lookback is", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        Assert.Empty(Coordinator.Commands);
    }

    [Fact]
    public void Edit_RefusedByTheCoordinator_StaysOpenWithTheAnswer()
    {
        Coordinator.Answer = _ => new BackfillCommandResult(BackfillCommandOutcome.Conflict, "acme is running; cancel it before editing the client.");
        var cut = OpenEdit();

        cut.Find("[data-testid='client-name']").Input("Acme Outdoor");
        cut.Find("[data-testid='add-client-submit']").Click();

        cut.WaitForAssertion(() => Assert.Contains(
            "cancel it before editing", cut.Find("[data-testid='add-client-refusal']").TextContent, StringComparison.Ordinal));
        Assert.Single(cut.FindAll(".mud-dialog"));
    }

    [Fact]
    public void EditButton_IsDisabledWhileTheClientRuns()
    {
        Coordinator.Publish(Status("acme", BackfillState.InProgress, "Acme"), Status("globex", name: "Globex"));
        var cut = RenderManager();

        cut.WaitForAssertion(() => OpenMenu(cut, "globex"));
        OpenMenu(cut, "acme");
        Assert.False(cut.Find("[data-testid='edit-globex']").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid='edit-acme']").HasAttribute("disabled"));
    }

    [Fact]
    public void EditButton_IsNotOfferedToViewers()
    {
        SignInAs(BackfillRoles.Viewer);
        Coordinator.Publish(Status("globex", name: "Globex"));
        var cut = RenderManager();

        cut.WaitForAssertion(() => OpenMenu(cut, "globex"));
        Assert.NotNull(cut.Find("[data-testid='history-globex']"));
        Assert.Empty(cut.FindAll("[data-testid='edit-globex']"));
    }
}
