using System.Net;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Web.Api;

/// <summary>
/// The whole app as Program.cs composes it, on a real Kestrel socket (127.0.0.1, random port) so sandbox clients are
/// fetched over real HTTP, with the embedded store in a temp file and the demo clients registered.
/// </summary>
internal sealed class BackfillApp : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _directory;

    private BackfillApp(WebApplicationFactory<Program> factory, string directory)
    {
        _factory = factory;
        _directory = directory;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _factory.Services;

    public IBackfillCoordinator Coordinator => Services.GetRequiredService<IBackfillCoordinator>();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Starts the app. <paramref name="settings"/> override the defaults; <paramref name="logs"/>, when given, receives
    /// every category's log entries from Trace up (whatever the configured levels), next to the app's own providers.
    /// </summary>
    public static async Task<BackfillApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var directory = TestDirectory.NewPath("backfill-api-");
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            var all = new Dictionary<string, string?>(BackfillTestHost.FastKlaviyo)
            {
                ["Storage:Provider"] = "Embedded",
                ["Storage:Embedded:Path"] = Path.Combine(directory, "app.db"),
                ["Klaviyo:Sandbox:Enabled"] = "true",
                ["Klaviyo:Sandbox:RateLimitsEnabled"] = "false",
                ["Klaviyo:Sandbox:HistoryEndDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["Klaviyo:Sandbox:RegisterDemoClients"] = "true",

                // A schedule coming due mid-test would start runs nobody asked for; schedule tests turn it on.
                ["Schedules:Enabled"] = "false",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            foreach (var (key, value) in all)
            {
                builder.UseSetting(key, value);
            }

            if (logs is not null)
            {
                // A rule naming the provider beats every general rule, so this provider sees Trace from all categories.
                builder.ConfigureLogging(logging => logging
                    .AddProvider(logs)
                    .Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(logs.GetType().FullName, null, LogLevel.Trace, null))));
            }
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var app = new BackfillApp(factory, directory);
        await WaitForClientsAsync(app);
        return app;
    }

    private static async Task WaitForClientsAsync(BackfillApp app)
    {
        using var subscription = app.Coordinator.Subscribe();
        await foreach (var board in subscription.Updates.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (board.Statuses.Count >= 3)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        TestDirectory.Delete(_directory);
    }
}
