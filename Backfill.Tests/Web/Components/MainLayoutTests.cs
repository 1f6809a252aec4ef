using Backfill.Web.Components.Layout;
using Backfill.Web.Security;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using MudBlazor.Services;

namespace Backfill.Tests.Web.Components;

public sealed class MainLayoutTests : BunitContext
{
    private readonly BunitAuthorizationContext _authorization;

    private AccessMode Mode { get; set; } = new(IsLocal: true, GoogleSignIn: false);

    public MainLayoutTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<ThemePreference>();
        Services.AddSingleton(_ => Mode);
        _authorization = AddAuthorization();
        _authorization.SetAuthorized("local");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Render_Interactive_MarksLayoutRootAndShowsShell()
    {
        var cut = RenderLayout();

        Assert.Single(cut.FindAll("[data-interactive='true']"));
        Assert.Contains("Klaviyo Backfill", cut.Find(".mud-appbar").TextContent, StringComparison.Ordinal);
        Assert.Equal("page body", cut.Find("#body-probe").TextContent);
    }

    [Fact]
    public void Render_NotInteractive_OmitsInteractiveMarker()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = RenderLayout();

        Assert.Empty(cut.FindAll("[data-interactive]"));
    }

    [Fact]
    public void Render_Always_LinksEveryArea()
    {
        var cut = RenderLayout();

        var hrefs = cut.FindAll(".mud-drawer a.mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", "/data", "/scalar", "/health"], hrefs);
    }

    [Fact]
    public void ThemeToggle_Clicked_SwitchesToDarkMode()
    {
        var cut = RenderLayout();

        cut.Find("[data-testid='theme-toggle']").Click();

        Assert.True(cut.FindComponent<MudThemeProvider>().Instance.GetState(provider => provider.IsDarkMode));
        Assert.Equal("Switch to light mode", cut.Find("[data-testid='theme-toggle']").GetAttribute("aria-label"));
    }

    [Fact]
    public void ThemeToggle_ClickedTwice_ReturnsToLightMode()
    {
        var cut = RenderLayout();

        cut.Find("[data-testid='theme-toggle']").Click();
        cut.Find("[data-testid='theme-toggle']").Click();

        Assert.False(cut.FindComponent<MudThemeProvider>().Instance.GetState(provider => provider.IsDarkMode));
        Assert.Equal("Switch to dark mode", cut.Find("[data-testid='theme-toggle']").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Render_AfterDarkModeChosenInSameCircuit_StartsDark()
    {
        RenderLayout().Find("[data-testid='theme-toggle']").Click();
        await DisposeComponentsAsync();

        var second = RenderLayout();

        Assert.True(second.FindComponent<MudThemeProvider>().Instance.GetState(provider => provider.IsDarkMode));
    }

    [Fact]
    public void Render_LocalMode_ShowsNoSignInBanner()
    {
        var cut = RenderLayout();

        Assert.Contains("Local mode — no sign-in", cut.Find("[data-testid='local-mode-banner']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='sign-out']"));
    }

    [Fact]
    public void Render_GoogleSignIn_ShowsUserRoleAndSignOutButNoBanner()
    {
        Mode = new AccessMode(IsLocal: false, GoogleSignIn: true);
        _authorization.SetAuthorized("ana@agency.example");
        _authorization.SetRoles(BackfillRoles.Viewer);

        var cut = RenderLayout();

        Assert.Empty(cut.FindAll("[data-testid='local-mode-banner']"));
        Assert.Contains("ana@agency.example · viewer", cut.Find("[data-testid='signed-in-user']").TextContent, StringComparison.Ordinal);
        Assert.Equal("/auth/signout", cut.Find("[data-testid='sign-out']").GetAttribute("href"));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(parameters => parameters.Add(
            layout => layout.Body,
            (RenderFragment)(builder =>
            {
                builder.OpenElement(0, "p");
                builder.AddAttribute(1, "id", "body-probe");
                builder.AddContent(2, "page body");
                builder.CloseElement();
            })));
}
