using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager;
using Backfill.Web.Security;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

// Mirrors the page's namespace (Backfill.Web.Components.Manager): a namespace segment named "Backfill" under
// Backfill.Tests.Web.Components would capture qualified "Backfill.…" names in sibling folders.
namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// bUnit with MudBlazor, a <see cref="FakeBackfillCoordinator"/>, and the page rendered next to the popover, dialog and
/// snackbar providers (as MainLayout does), so dialogs open inside the rendered markup.
/// </summary>
public abstract class ManagerTestContext : BunitContext
{
    protected static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    protected ManagerTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IBackfillCoordinator>(Coordinator);
        Services.AddScoped<GuardedBackfillCommands>();
        Services.AddScoped<ClientAccess>();
        Services.AddSingleton(Options.Create(new BackfillOptions()));
        Services.AddScoped<GuardedBulkCommands>();
        Services.AddScoped<GuardedOnboardingCommands>();

        // Keys from (empty) configuration and no sandbox: a connection test here fails at the key, before any Klaviyo call.
        var keys = new Backfill.Services.Clients.ConfiguredKlaviyoKeyResolver(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddSingleton(new Backfill.Services.Clients.Onboarding.ClientConnectionTester(
            new Backfill.Services.Clients.KlaviyoAccountResolver(keys, new Backfill.Services.Klaviyo.FixedKlaviyoSandboxAddress(null)), keys, null!, TimeProvider.System));
        Services.AddSingleton(sp => new Backfill.Services.Clients.Onboarding.ClientImporter(
            Coordinator, sp.GetRequiredService<Backfill.Services.Clients.Onboarding.ClientConnectionTester>()));
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(AlertBoard);

        // Built on first use, so a test can add channels before it renders.
        Services.AddSingleton(_ => new AlertDispatcher(AlertChannels, Options.Create(new AlertOptions()), TimeProvider.System, NullLogger<AlertDispatcher>.Instance));
        Services.AddScoped<GuardedAlertCommands>();
        Authorization = AddAuthorization();
        SignInAs(BackfillRoles.Operator);
        var store = new FixedHealthDocumentStore(new StoreDescription("Embedded", "App_Data/backfill.db"), new StoreHealth(true, null, TimeSpan.Zero));
        Services.AddSingleton<IDocumentStore>(store);

        // The page's commands include validation; these tests never reach Klaviyo, so it has no validator of its own.
        var registry = new Backfill.Services.Clients.ClientRegistry(store, TimeProvider.System);
        var validation = new Backfill.Services.Backfill.Validation.ValidationCommands(
            Coordinator, registry, null!, new Backfill.Services.Backfill.Data.BackfillDataQueries(store, registry));
        Services.AddSingleton(validation);
        Services.AddSingleton(new Backfill.Services.Backfill.Bulk.BulkCommands(Coordinator, validation));
    }

    internal FakeBackfillCoordinator Coordinator { get; } = new();

    /// <summary>The page's clock ("yesterday" for stale clients): noon on 2026-03-14 unless a test moves it.</summary>
    protected Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(Noon);

    /// <summary>The incidents the page shows (the alert monitor publishes here in the app).</summary>
    protected AlertBoard AlertBoard { get; } = new();

    /// <summary>The alert channels the test-alert button sends to; none unless a test adds one.</summary>
    protected List<IAlertChannel> AlertChannels { get; } = [];

    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>The circuit's user, as the server's authentication would have set it (operators carry both roles).</summary>
    protected void SignInAs(string role)
    {
        Authorization.SetAuthorized($"{role}@agency.example");
        Authorization.SetRoles([.. BackfillRoles.Claims(role)]);
    }

    protected IEnumerable<MudBlazor.Snackbar> Snackbars => Services.GetRequiredService<ISnackbar>().ShownSnackbars;

    protected IRenderedComponent<IComponent> RenderManager() =>
        Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<BackfillManager>(2);
            builder.CloseComponent();
        });

    /// <summary>Opens a row's "more actions" menu: its items (history, schedule, validate, edit, delete data) render only then.</summary>
    protected static void OpenMenu(IRenderedComponent<IComponent> cut, string client) =>
        cut.Find($"[data-testid='more-{client}']").Click();

    protected static BackfillStatus Status(string id, BackfillState state = BackfillState.NotStarted, string? name = null) =>
        BackfillStatus.NotStarted(ClientId.Parse(id), name ?? $"Client {id}") with { State = state };
}
