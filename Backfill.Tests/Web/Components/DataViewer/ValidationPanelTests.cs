using Backfill.Services.Backfill.Validation;
using Backfill.Web.Components.DataViewer;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Backfill.Tests.Web.Components.DataViewer;

public sealed class ValidationPanelTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 4, 5, 0, TimeSpan.Zero);

    public ValidationPanelTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void NeverValidated_SaysSo_AndOffersValidateOnly()
    {
        var cut = Render<ValidationPanel>(p => p.Add(x => x.Validation, ValidationSummary.None).Add(x => x.CanOperate, true));

        Assert.Equal("The copy has not been validated against Klaviyo yet.", cut.Find("[data-testid='validation-none']").TextContent);
        Assert.False(cut.Find("[data-testid='validate']").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid='resync']"));
    }

    [Fact]
    public void Mismatches_ShowBothSides_AndResyncAsksThePage()
    {
        var resynced = 0;
        var differs = new DayCheck(
            new DateOnly(2026, 11, 20), 41, new Dictionary<string, decimal> { ["USD"] = 1000m }, 43, new Dictionary<string, decimal> { ["USD"] = 1099.5m }, At);
        var cut = Render<ValidationPanel>(p => p
            .Add(x => x.Validation, new ValidationSummary(30, [differs], At))
            .Add(x => x.CanOperate, true)
            .Add(x => x.OnResync, EventCallback.Factory.Create(this, () => resynced++)));

        Assert.Contains("30 days checked", cut.Find("[data-testid='validation-summary']").TextContent, StringComparison.Ordinal);
        Assert.Contains("1 differ", cut.Find("[data-testid='validation-summary']").TextContent, StringComparison.Ordinal);
        var row = cut.Find("[data-testid='mismatch-2026-11-20']").TextContent;
        Assert.Contains("41", row, StringComparison.Ordinal);
        Assert.Contains("43", row, StringComparison.Ordinal);
        Assert.Contains("1,099.50 USD", row, StringComparison.Ordinal);
        cut.Find("[data-testid='resync']").Click();
        Assert.Equal(1, resynced);
    }

    [Fact]
    public void Viewer_CannotValidateOrResync()
    {
        var differs = new DayCheck(new DateOnly(2026, 11, 20), 1, new Dictionary<string, decimal>(), 2, new Dictionary<string, decimal>(), At);
        var cut = Render<ValidationPanel>(p => p.Add(x => x.Validation, new ValidationSummary(30, [differs], At)).Add(x => x.CanOperate, false));

        Assert.True(cut.Find("[data-testid='validate']").HasAttribute("disabled"));
        Assert.True(cut.Find("[data-testid='resync']").HasAttribute("disabled"));
    }
}
