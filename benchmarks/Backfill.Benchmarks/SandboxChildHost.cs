using Backfill.KlaviyoSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Benchmarks;

/// <summary>
/// The Klaviyo sandbox as a benchmark's child process: served on a free loopback port, its base address printed after
/// <c>urlPrefix</c> for the parent to read, stopped when the parent closes its standard input.
/// </summary>
internal static class SandboxChildHost
{
    public static async Task<int> RunAsync(string urlPrefix, Action<SandboxOptions> configure, Action<WebApplication>? beforeSandbox = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Benchmark" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddKlaviyoSandbox();
        builder.Services.PostConfigure<SandboxOptions>(o =>
        {
            o.Enabled = true;
            o.HistoryEndDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            configure(o);
        });
        var app = builder.Build();
        beforeSandbox?.Invoke(app);
        app.MapKlaviyoSandbox();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine(urlPrefix + address.TrimEnd('/') + SandboxEndpoints.Prefix + "/");
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await app.StopAsync();
        return 0;
    }
}
