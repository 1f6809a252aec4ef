using Backfill.KlaviyoSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// <c>memory-sandbox</c>: the Klaviyo sandbox of the memory benchmark in its own process, every rate limit off and the
/// same ten-year history for every range. In the benchmark's process its web server's buffers (Kestrel keeps the
/// blocks it wrote each 1,000-event page with) were counted as the engine's heap. Prints
/// <c>MEMORY-SANDBOX-URL {base}</c> and stops when its standard input closes.
/// </summary>
internal static class MemorySandboxProcess
{
    public const string UrlPrefix = "MEMORY-SANDBOX-URL ";

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddKlaviyoSandbox();
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            o.Enabled = true;
            o.RateLimitsEnabled = false;
            o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            // The same ten-year history for every range, so the runs read the same data for their common days.
            o.HistoryDays = 3660;
        });
        var app = builder.Build();
        app.MapKlaviyoSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(UrlPrefix + address.TrimEnd('/') + SandboxEndpoints.Prefix + "/");
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await app.StopAsync();
        return 0;
    }
}
