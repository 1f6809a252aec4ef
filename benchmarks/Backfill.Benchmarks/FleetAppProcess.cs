using System.Diagnostics;
using System.Globalization;
using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Firestore;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// <c>fleet-app --store embedded:PATH|firestore:PROJECT --sandbox URL --clients a,b --days D --parallel P
/// [--register|--start]</c>: one app instance (the backfill feature as the web app composes it, with leases) in its own
/// process. <c>--register</c> adds the clients and exits; <c>--start</c> sends start-all; every instance runs what it
/// claims and exits once every client's run has finished, printing
/// <c>FLEET-APP cpu_start_ms= cpu_end_ms= peak_rss_kb= instance=</c>.
/// </summary>
internal static class FleetAppProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = FleetArgs.String(args, "--clients")!.Split(',');
        var days = FleetArgs.Int(args, "--days", 365);
        var storeSpec = FleetArgs.String(args, "--store")!;
        var sandbox = new Uri(FleetArgs.String(args, "--sandbox")!);
        IDocumentStore store = storeSpec.StartsWith("embedded:", StringComparison.Ordinal)
            ? new EmbeddedDocumentStore(storeSpec["embedded:".Length..])
            : FirestoreDocumentStore.Create(new FirestoreOptions
            {
                ProjectId = storeSpec["firestore:".Length..],
                EmulatorHost = Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable),
            });

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Benchmark", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backfill:MaxParallelClients"] = FleetArgs.Int(args, "--parallel", clients.Length).ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IKlaviyoSandboxAddress>(new FixedSandboxAddress(sandbox));
        builder.Services.AddBackfill();
        using var host = builder.Build();
        await host.StartAsync();
        var coordinator = host.Services.GetRequiredService<IBackfillCoordinator>();
        var instance = host.Services.GetRequiredService<Services.Backfill.Leases.InstanceIdentity>().Id;

        if (args.Contains("--register"))
        {
            foreach (var client in clients)
            {
                var added = await coordinator.AddClientAsync(new NewClient(client, client, SandboxAccount: true));
                if (!added.Accepted)
                {
                    Console.Error.WriteLine($"could not add {client}: {added.Message}");
                    return 1;
                }
            }

            await host.StopAsync();
            return 0;
        }

        using var subscription = coordinator.Subscribe();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        if (args.Contains("--start"))
        {
            var started = await coordinator.StartAllAsync(new BackfillRequest(Days: days), testMode: false);
            Console.Error.WriteLine($"start-all: {started.Message}");
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromHours(3));
        var ids = clients.Select(ClientId.Parse).ToList();
        await foreach (var board in subscription.Updates.ReadAllAsync(limit.Token))
        {
            if (ids.All(id => board.Find(id) is { State: BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled, RunId: not null }))
            {
                break;
            }
        }

        var cpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FLEET-APP cpu_start_ms={cpuStart.TotalMilliseconds:F0} cpu_end_ms={cpuEnd.TotalMilliseconds:F0} peak_rss_kb={PeakRssKb()} instance={instance}"));
        await host.StopAsync();
        (store as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>The process's peak resident set (VmHWM), what the operating system had to give it at most.</summary>
    private static long PeakRssKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private sealed class FixedSandboxAddress(Uri address) : IKlaviyoSandboxAddress
    {
        public Uri? BaseAddress => address;
    }
}
