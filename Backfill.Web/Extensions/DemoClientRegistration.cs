using Backfill.KlaviyoSandbox;
using Backfill.Services.Clients;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Extensions;

/// <summary>
/// Registers the sandbox's demo accounts as clients when the store has none, so a new user's first
/// <c>dotnet run</c> can back up a client at once. Lives in the web app because the product must not know the
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

        if ((await clients.ListAsync(cancellationToken)).Count > 0)
        {
            return;
        }

        var registered = 0;
        foreach (var (slug, name) in SandboxDemoAccounts.All)
        {
            // Null when another instance registered it first; that is as good.
            if (await clients.CreateAsync(new NewClient(slug, name, SandboxAccount: true), cancellationToken) is not null)
            {
                registered++;
            }
        }

        LogRegistered(registered);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} sandbox demo clients on an empty store")]
    private partial void LogRegistered(int count);
}
