using Backfill.Services.Backfill;
using Backfill.Services.Klaviyo;

namespace Backfill.Web.Extensions;

public static class BackfillHostingExtensions
{
    /// <summary>
    /// The backfill feature, with sandbox clients fetched from this app's own sandbox and, in Development, the sandbox's
    /// demo accounts registered on an empty store.
    /// </summary>
    public static IServiceCollection AddBackfillEngine(this IServiceCollection services)
    {
        services.AddSingleton<IKlaviyoSandboxAddress, ServerKlaviyoSandboxAddress>();

        // Before the coordinator: hosted services start in registration order, so the demo clients exist when it loads.
        services.AddHostedService<DemoClientRegistration>();
        services.AddBackfill();
        return services;
    }
}
