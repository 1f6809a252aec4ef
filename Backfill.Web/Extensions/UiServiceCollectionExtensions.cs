using Backfill.Web.Components.Layout;
using Backfill.Web.Security;
using MudBlazor.Services;

namespace Backfill.Web.Extensions;

public static class UiServiceCollectionExtensions
{
    /// <summary>Blazor Server with MudBlazor and the per-circuit UI state.</summary>
    public static IServiceCollection AddBackfillUi(this IServiceCollection services)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents();
        services.AddMudServices();

        // Scoped is per circuit in Blazor Server: the theme choice survives navigation until the tab closes.
        services.AddScoped<ThemePreference>();

        // The schedule editor's changes, checked for the operator role per circuit.
        services.AddScoped<GuardedScheduleCommands>();

        // The manager pages' cost of board snapshots, on the product's meter (/metrics).
        services.AddSingleton<Components.Manager.ManagerRenderMetrics>();

        // Whether a circuit's browser is connected: the manager does not render into a circuit whose browser is gone.
        services.AddScoped<Components.Manager.CircuitConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<Components.Manager.CircuitConnection>());
        services.AddOptions<Components.Manager.Triage.TriageOptions>()
            .BindConfiguration(Components.Manager.Triage.TriageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
