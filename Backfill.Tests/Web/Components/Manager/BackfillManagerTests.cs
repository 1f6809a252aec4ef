using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Bunit;
using MudBlazor;

namespace Backfill.Tests.Web.Components.Manager;

public sealed class BackfillManagerTests : ManagerTestContext
{
    [Theory]
    [InlineData(BackfillState.NotStarted, "not started", true, true, false, false, false)]
    [InlineData(BackfillState.Queued, "queued", false, false, false, true, false)]
    [InlineData(BackfillState.InProgress, "in progress", false, false, false, true, false)]
    [InlineData(BackfillState.WaitingRateLimit, "waiting rate limit", false, false, false, true, false)]
    [InlineData(BackfillState.Completed, "completed", true, true, false, false, true)]
    [InlineData(BackfillState.Failed, "failed", true, true, true, false, true)]
    [InlineData(BackfillState.Cancelled, "cancelled", true, true, true, false, true)]
    public void Render_EachState_ShowsChipWithTextAndIconAndEnablesOnlyFittingButtons(
        BackfillState state, string text, bool start, bool quick, bool retry, bool cancel, bool clear)
    {
        Coordinator.Publish(Status("acme", state));

        var cut = RenderManager();

        var chip = cut.Find("[data-testid='status-acme']");
        Assert.Equal(text, chip.TextContent.Trim());
        Assert.Equal(state.ToWire(), chip.GetAttribute("data-state"));
        Assert.NotNull(chip.QuerySelector("svg"));
        Assert.Equal(start, IsEnabled(cut, "start-acme"));
        Assert.Equal(quick, IsEnabled(cut, "quick-acme"));
        Assert.Equal(retry, IsEnabled(cut, "retry-acme"));
        Assert.Equal(cancel, IsEnabled(cut, "cancel-acme"));
        Assert.Equal(clear, IsEnabled(cut, "clear-acme"));
        Assert.Equal("/data/acme", cut.Find("[data-testid='view-acme']").GetAttribute("href"));
    }

    [Fact]
    public void Render_StatesDiffer_GivesEachStateItsOwnChipColour()
    {
        var states = Enum.GetValues<BackfillState>();
        Coordinator.Publish([.. states.Select((state, i) => Status($"c{i}", state))]);

        var cut = RenderManager();

        var classes = states.Select((_, i) => ColourClass(cut.Find($"[data-testid='status-c{i}']").ClassList)).ToList();
        Assert.Equal(states.Length, classes.Distinct().Count());
    }

    [Fact]
    public void Render_Always_LabelsEveryIconButton()
    {
        Coordinator.Publish(Status("acme", BackfillState.Failed, name: "Acme"));

        var cut = RenderManager();

        var buttons = cut.FindAll("[data-testid='client-row-acme'] .mud-icon-button");
        // A failed client: start, quick check, refresh, retry, clear, view data, more actions, details.
        Assert.Equal(8, buttons.Count);
        Assert.All(buttons, button => Assert.Contains("Acme", button.GetAttribute("aria-label"), StringComparison.Ordinal));
        OpenMenu(cut, "acme");
        Assert.Equal("Actions for Acme", cut.Find("[data-testid='client-row-acme'] [role='menu']").GetAttribute("aria-label"));
        var items = cut.FindAll("[data-testid='client-row-acme'] [role='menuitem']");
        Assert.Equal(5, items.Count);
        Assert.All(items, item => Assert.False(string.IsNullOrWhiteSpace(item.TextContent)));
    }

    [Fact]
    public void Publish_ProgressThroughFeed_RendersBarPercentDayAndCounters()
    {
        Coordinator.Publish(Status("acme", BackfillState.Queued));
        var cut = RenderManager();

        Coordinator.Publish(Status("acme", BackfillState.InProgress) with
        {
            TotalDays = 365,
            DaysCompleted = 142,
            CurrentDate = new DateOnly(2025, 8, 1),
            Phase = "writing orders",
            Orders = 1234,
            Currency = "USD",
            RevenueByCurrency = new Dictionary<string, decimal> { ["EUR"] = 10m, ["USD"] = 98765.4m },
            KlaviyoRequests = 5678,
            KlaviyoThrottled = 12,
        });

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("38.9", cut.Find("[data-testid='progress-acme']").GetAttribute("aria-valuenow"));
            Assert.Equal("38.9 % · day 143 of 365", cut.Find("[data-testid='progress-text-acme']").TextContent.Trim());
        });
        Assert.Contains("2025-08-01", cut.Find("[data-testid='current-day-acme']").TextContent, StringComparison.Ordinal);
        Assert.Equal("1,234 orders", cut.Find("[data-testid='orders-acme']").TextContent.Trim());
        Assert.Equal(["USD 98,765.40", "EUR 10.00"], cut.FindAll("[data-testid='revenue-acme']").Select(e => e.TextContent.Trim()));
        Assert.Equal("5,678 requests", cut.Find("[data-testid='requests-acme']").TextContent.Trim());
        Assert.Equal("12 × 429", cut.Find("[data-testid='throttled-acme']").TextContent.Trim());
    }

    [Fact]
    public void Publish_ClientAdded_AddsRowWithoutReload()
    {
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();

        Coordinator.Publish(Status("acme"), Status("globex"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid^='client-row-']").Count));
        Assert.Equal(1, Coordinator.SubscribeCalls);
    }

    [Fact]
    public void Publish_ClientCompletes_ShowsSuccessSnackbar()
    {
        Coordinator.Publish(Status("acme", BackfillState.InProgress, name: "Acme"));
        var cut = RenderManager();

        Coordinator.Publish(Status("acme", BackfillState.Completed, name: "Acme") with { Orders = 42, TotalDays = 7, DaysCompleted = 7 });

        cut.WaitForAssertion(() => Assert.Equal("completed", cut.Find("[data-testid='status-acme']").TextContent.Trim()));
        var snackbar = Assert.Single(Snackbars);
        Assert.Equal(Severity.Success, snackbar.Severity);
        Assert.Equal("Acme: backfill completed (42 orders, 7 days)", snackbar.Message);
    }

    [Fact]
    public void Publish_ClientFails_ShowsErrorSnackbarWithReason()
    {
        Coordinator.Publish(Status("acme", BackfillState.InProgress, name: "Acme"));
        var cut = RenderManager();

        Coordinator.Publish(Status("acme", BackfillState.Failed, name: "Acme") with { Error = "Klaviyo answered 401" });

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid='status-acme']").TextContent.Trim()));
        var snackbar = Assert.Single(Snackbars);
        Assert.Equal(Severity.Error, snackbar.Severity);
        Assert.Contains("Klaviyo answered 401", snackbar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AlreadyCompletedOnLoad_ShowsNoSnackbar()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed), Status("globex", BackfillState.Failed));

        var cut = RenderManager();
        Coordinator.Publish(Status("acme", BackfillState.Completed), Status("globex", BackfillState.Failed));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid^='client-row-']").Count));
        Assert.Empty(Snackbars);
    }

    [Fact]
    public async Task Dispose_AfterRender_UnsubscribesFromCoordinator()
    {
        Coordinator.Publish(Status("acme"));
        RenderManager();
        Assert.Equal(1, Coordinator.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Coordinator.SubscriberCount);
    }

    [Fact]
    public void Render_NoClients_ShowsEmptyStateThatOffersAddClient()
    {
        var cut = RenderManager();

        var empty = cut.Find("[data-testid='empty-state']");
        Assert.Contains("No clients yet — add one", empty.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='client-grid']"));

        cut.Find("[data-testid='empty-add-client']").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid='client-id']")));
    }

    [Fact]
    public void Render_FeedHasNotDeliveredYet_ShowsLoadingAndDisablesToolbar()
    {
        Coordinator.WithholdBoardOnSubscribe = true;

        var cut = RenderManager();

        Assert.Single(cut.FindAll("[data-testid='loading']"));
        Assert.True(cut.Find("[data-testid='start-all']").HasAttribute("disabled"));
    }

    [Fact]
    public void Fail_FeedBreaks_ShowsErrorThenReconnectResubscribes()
    {
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();

        Coordinator.Fail(new InvalidOperationException("coordinator crashed"));

        cut.WaitForAssertion(() => Assert.Contains("coordinator crashed", cut.Find("[data-testid='feed-error']").TextContent, StringComparison.Ordinal));
        Assert.Single(cut.FindAll("[data-testid='client-row-acme']"));

        cut.Find("[data-testid='reconnect']").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid='feed-error']")));
        Assert.Equal(2, Coordinator.SubscribeCalls);
        Assert.Equal(1, Coordinator.SubscriberCount);
    }

    [Fact]
    public void QuickCheck_Clicked_StartsTheSevenDayRequest()
    {
        Coordinator.Publish(Status("acme"));
        var cut = RenderManager();

        cut.Find("[data-testid='quick-acme']").Click();

        var command = Assert.Single(Coordinator.Commands);
        Assert.Equal(new FakeCommand("start", ClientId.Parse("acme"), BackfillRequest.QuickCheck), command);
    }

    [Theory]
    [InlineData("retry", BackfillState.Failed)]
    [InlineData("cancel", BackfillState.InProgress)]
    public void RowButton_Clicked_SendsThatCommandForThatClient(string action, BackfillState state)
    {
        Coordinator.Publish(Status("acme", state), Status("globex", state));
        var cut = RenderManager();

        cut.Find($"[data-testid='{action}-globex']").Click();

        Assert.Equal(new FakeCommand(action, ClientId.Parse("globex")), Assert.Single(Coordinator.Commands));
    }

    [Fact]
    public void Command_Refused_ShowsTheCoordinatorsMessage()
    {
        Coordinator.Publish(Status("acme", BackfillState.Failed));
        Coordinator.Answer = _ => new BackfillCommandResult(BackfillCommandOutcome.Conflict, "acme is already running");
        var cut = RenderManager();

        cut.Find("[data-testid='retry-acme']").Click();

        var snackbar = Assert.Single(Snackbars);
        Assert.Equal(Severity.Warning, snackbar.Severity);
        Assert.Contains("acme is already running", snackbar.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_Throws_ShowsErrorSnackbarAndKeepsThePageAlive()
    {
        Coordinator.Publish(Status("acme", BackfillState.InProgress));
        Coordinator.Answer = _ => throw new InvalidOperationException("the store did not answer");
        var cut = RenderManager();

        cut.Find("[data-testid='cancel-acme']").Click();

        var snackbar = Assert.Single(Snackbars);
        Assert.Equal(Severity.Error, snackbar.Severity);
        Assert.Equal("Could not cancel acme: the store did not answer", snackbar.Message);
        Assert.False(cut.Find("[data-testid='cancel-acme']").HasAttribute("disabled"));
    }

    [Fact]
    public void Clear_Confirmed_SendsClear()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed));
        var cut = RenderManager();

        cut.Find("[data-testid='clear-acme']").Click();
        cut.WaitForAssertion(() => ButtonWithText(cut, "Clear").Click());

        cut.WaitForAssertion(() => Assert.Equal(new FakeCommand("clear", ClientId.Parse("acme")), Assert.Single(Coordinator.Commands)));
    }

    [Fact]
    public void Clear_Declined_SendsNothing()
    {
        Coordinator.Publish(Status("acme", BackfillState.Completed));
        var cut = RenderManager();

        cut.Find("[data-testid='clear-acme']").Click();
        cut.WaitForAssertion(() => ButtonWithText(cut, "Keep").Click());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Empty(Coordinator.Commands);
    }

    [Fact]
    public void Search_Typed_ShowsOnlyMatchingRowsAndOffersToShowAll()
    {
        Coordinator.Publish(Status("acme", name: "Acme Foods"), Status("globex", name: "Globex"));
        var cut = RenderManager();

        cut.Find("[data-testid='search']").Input("FOODS");

        Assert.Equal(["client-row-acme"], cut.FindAll("[data-testid^='client-row-']").Select(row => row.GetAttribute("data-testid")));

        cut.Find("[data-testid='search']").Input("initech");
        cut.Find("[data-testid='clear-filters']").Click();

        Assert.Equal(2, cut.FindAll("[data-testid^='client-row-']").Count);
    }

    [Fact]
    public void ErrorToggle_Clicked_ShowsTheFullMessage()
    {
        var message = "Klaviyo answered 401 Unauthorized: the private key was revoked. " + new string('x', 300);
        Coordinator.Publish(Status("acme", BackfillState.Failed) with { Error = message, ErrorAt = Noon, Attempts = 2 });
        var cut = RenderManager();
        Assert.Empty(cut.FindAll("[data-testid='error-row-acme']"));

        cut.Find("[data-testid='error-toggle-acme']").Click();

        Assert.Equal(message, cut.Find("[data-testid='error-row-acme'] pre").TextContent);
        Assert.Equal("true", cut.Find("[data-testid='error-toggle-acme']").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void Render_Always_ShowsTheStoreInUse()
    {
        var cut = RenderManager();

        var description = cut.Find("[data-testid='store-description']").TextContent;
        Assert.Contains("Embedded", description, StringComparison.Ordinal);
        Assert.Contains("App_Data/backfill.db", description, StringComparison.Ordinal);
    }

    // A run command the state rules out is not on the row at all; one that fits may still be disabled.
    private static bool IsEnabled(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string testId) =>
        cut.FindAll($"[data-testid='{testId}']") is [var button] && !button.HasAttribute("disabled");

    private static string ColourClass(AngleSharp.Dom.ITokenList classes) =>
        Assert.Single(classes, c => c.StartsWith("mud-chip-color-", StringComparison.Ordinal));

    internal static AngleSharp.Dom.IElement ButtonWithText(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string text) =>
        Assert.Single(cut.FindAll(".mud-dialog button"), button => button.TextContent.Trim() == text);
}
