using Backfill.KlaviyoSandbox;
using Backfill.Services.Clients;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Extensions;

/// <summary>
/// Registers the sandbox's demo accounts (the fixed ones and any <c>Klaviyo:Sandbox:GeneratedAccounts</c>) as clients
/// when the store has none, so a new user's first <c>dotnet run</c> can back up a client at once. Lives in the web app because the product must not know the
/// sandbox exists; it runs before the coordinator loads (see <see cref="BackfillHostingExtensions"/>).
/// </summary>
internal sealed partial class DemoClientRegistration(
    ClientRegistry clients,
    IOptions<SandboxOptions> options,
    ILogger<DemoClientRegistration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sandbox = options.Value;
        if (!sandbox.Enabled || !sandbox.RegisterDemoClients)
        {
            return;
        }

        try
        {
            if ((await clients.ListAsync(cancellationToken)).Count > 0)
            {
                return;
            }

            var registered = 0;
            foreach (var (slug, name) in SandboxDemoAccounts.With(sandbox))
            {
                // Null when another instance registered it first; that is as good.
                if (await clients.CreateAsync(new NewClient(slug, name, SandboxAccount: true), cancellationToken) is not null)
                {
                    registered++;
                }
            }

            LogRegistered(registered);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A convenience must not stop the app: the store's trouble shows in /health and the coordinator's own load.
            LogFailed(e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} sandbox demo clients on an empty store")]
    private partial void LogRegistered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register the sandbox demo clients")]
    private partial void LogFailed(Exception exception);
}
