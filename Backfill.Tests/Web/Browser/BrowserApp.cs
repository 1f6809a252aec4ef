using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Browser;

/// <summary>
/// The real app (Program.cs) on Kestrel at 127.0.0.1 on a free port, as `dotnet run` starts it: Development, the
/// embedded store in a temp file, the Klaviyo sandbox and the demo clients. Storage is forced to Embedded so a
/// FIRESTORE_EMULATOR_HOST in the environment cannot switch it to Firestore.
/// </summary>
internal sealed class BrowserApp : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-browser-" + Guid.NewGuid().ToString("N"));
    private readonly WebApplicationFactory<Program> _factory;

    public BrowserApp(IReadOnlyDictionary<string, string> settings)
    {
        Directory.CreateDirectory(_directory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development")
                .UseSetting("Storage:Provider", "Embedded")
                .UseSetting("Storage:Embedded:Path", Path.Combine(_directory, "backfill.db"))
                // A schedule coming due mid-test would start runs nobody asked for; schedule tests turn it on.
                .UseSetting("Schedules:Enabled", "false");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
    }

    public Uri BaseAddress { get; }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment after the host stops; a temp directory left behind is harmless.
        }
    }
}
