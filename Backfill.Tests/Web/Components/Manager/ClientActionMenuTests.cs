using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// The row's "more actions" menu: nothing of it but its button is rendered until it opens; it follows the menu button
/// pattern with the keyboard; viewers see only what they may open; each item issues the command its row button did.
/// </summary>
public sealed class ClientActionMenuTests : ManagerTestContext
{
    private static readonly ClientCoverage Month = new()
    {
        Orders = DayRanges.Empty.Add(new DateOnly(2026, 2, 12), new DateOnly(2026, 3, 13)),
    };

    private static readonly string[] OperatorItems = ["history-acme", "schedule-acme", "validate-acme", "edit-acme", "clear-data-acme"];

    private IRenderedComponent<IComponent> RenderDone()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed, "Acme") with { Coverage = Month }, Status("globex", name: "Globex"));
        var cut = RenderManager();
        cut.WaitForAssertion(() => cut.Find("[data-testid='more-acme']"));
        return cut;
    }

    private static string[] Items(IRenderedComponent<IComponent> cut, string client) =>
        [.. cut.FindAll($"[data-testid='more-menu-{client}'] [role='menuitem']").Select(i => i.GetAttribute("data-testid")!)];

    [Fact]
    public void Closed_RendersOnlyItsButton_OpenRendersTheItems_ClickAgainCloses()
    {
        var cut = RenderDone();
        var button = cut.Find("[data-testid='more-acme']");
        Assert.Equal("menu", button.GetAttribute("aria-haspopup"));
        Assert.Equal("false", button.GetAttribute("aria-expanded"));
        Assert.Empty(cut.FindAll("[role='menu'], [role='menuitem']"));

        OpenMenu(cut, "acme");

        Assert.Equal("true", cut.Find("[data-testid='more-acme']").GetAttribute("aria-expanded"));
        Assert.Equal(OperatorItems, Items(cut, "acme"));
        Assert.Equal("Actions for Acme", cut.Find("[data-testid='more-menu-acme']").GetAttribute("aria-label"));
        Assert.Empty(cut.FindAll("[data-testid='more-menu-globex']"));

        OpenMenu(cut, "acme");

        Assert.Empty(cut.FindAll("[role='menuitem']"));
        Assert.Equal("false", cut.Find("[data-testid='more-acme']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void Open_FocusesAnItem_ArrowsMoveAndWrap_EscapeClosesAndFocusesTheButton()
    {
        var cut = RenderDone();

        OpenMenu(cut, "acme");

        // bUnit does not print the references' ids, so the focus moves are told apart by the element each one names.
        var first = LastFocused();
        var menu = () => cut.Find("[data-testid='more-menu-acme']");
        menu().KeyDown(key: "ArrowDown");
        var second = LastFocused();
        menu().KeyDown(key: "End");
        var last = LastFocused();
        Assert.Equal(3, new[] { first, second, last }.Distinct().Count());
        menu().KeyDown(key: "ArrowDown");
        Assert.Equal(first, LastFocused());
        menu().KeyDown(key: "ArrowUp");
        Assert.Equal(last, LastFocused());
        menu().KeyDown(key: "Home");
        Assert.Equal(first, LastFocused());

        menu().KeyDown(key: "Escape");

        Assert.Empty(cut.FindAll("[role='menuitem']"));
        Assert.Equal("false", cut.Find("[data-testid='more-acme']").GetAttribute("aria-expanded"));
        Assert.DoesNotContain(LastFocused(), new[] { first, second, last });
    }

    [Fact]
    public void Arrows_SkipItemsTheStateRulesOut()
    {
        // Running: validate, edit and delete data are disabled, so the arrows move between history and schedule only.
        Coordinator.Publish(Status("acme", BackfillState.InProgress, "Acme") with { Coverage = Month });
        var cut = RenderManager();
        cut.WaitForAssertion(() => OpenMenu(cut, "acme"));
        Assert.True(cut.Find("[data-testid='edit-acme']").HasAttribute("disabled"));
        var first = LastFocused();

        cut.Find("[data-testid='more-menu-acme']").KeyDown(key: "ArrowDown");
        var second = LastFocused();
        cut.Find("[data-testid='more-menu-acme']").KeyDown(key: "ArrowDown");

        Assert.NotEqual(first, second);
        Assert.Equal(first, LastFocused());
    }

    [Fact]
    public void Viewer_SeesOnlyHistoryAndSchedule()
    {
        SignInAs(BackfillRoles.Viewer);
        var cut = RenderDone();

        OpenMenu(cut, "acme");

        Assert.Equal(["history-acme", "schedule-acme"], Items(cut, "acme"));
        Assert.All(cut.FindAll("[role='menuitem']"), item => Assert.False(item.HasAttribute("disabled")));
    }

    [Fact]
    public void ClearData_FromTheMenu_ClosesIt_AsksByName_ThenSendsClearData()
    {
        var cut = RenderDone();
        OpenMenu(cut, "acme");

        cut.Find("[data-testid='clear-data-acme']").Click();

        Assert.Empty(cut.FindAll("[role='menuitem']"));
        cut.WaitForAssertion(() => Assert.Contains("Delete the data of Acme?", cut.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete acme's data").Click();
        cut.WaitForAssertion(() => Assert.Equal(new FakeCommand("clear-data", ClientId.Parse("acme")), Assert.Single(Coordinator.Commands)));
    }

    [Fact]
    public void Edit_FromTheMenu_OpensTheClientDialog()
    {
        Coordinator.Clients[ClientId.Parse("acme")] = new ClientRecord(ClientId.Parse("acme"), "Acme", "klaviyo-acme", "AbC123", false, Noon, Noon);
        var cut = RenderDone();
        OpenMenu(cut, "acme");

        cut.Find("[data-testid='edit-acme']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Acme", cut.Find("[data-testid='client-name']").GetAttribute("value")));
    }

    [Fact]
    public void Validate_FromTheMenu_RunsTheValidation()
    {
        var cut = RenderDone();
        OpenMenu(cut, "acme");

        cut.Find("[data-testid='validate-acme']").Click();

        // This host's store refuses reads, so the validation the page ran answers with its failure, naming the client.
        cut.WaitForAssertion(() => Assert.Contains(Snackbars, s => s.Message?.StartsWith("Could not validate acme", StringComparison.Ordinal) == true));
    }

    private string LastFocused()
    {
        var calls = JSInterop.Invocations.Count(i => i.Identifier?.EndsWith("focus", StringComparison.Ordinal) == true);
        return Assert.IsType<ElementReference>(JSInterop.VerifyFocusAsyncInvoke(calledTimes: calls)[^1].Arguments[0]).Id;
    }
}
