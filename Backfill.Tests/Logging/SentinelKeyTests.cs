using System.Globalization;
using System.Text;
using Backfill.Services.Backfill;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Secrets;
using Backfill.Tests.Web.Api;
using Backfill.Tests.Web.Browser;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Backfill.Tests.Logging;

/// <summary>
/// The issue's proof that keys stay secret: the whole app on Kestrel runs one backfill with a sentinel key (accepted by
/// a sandbox demo account) and one with a second sentinel the sandbox rejects, and a key is logged on purpose. Then
/// every captured log entry (Trace and up, every category), every stored document, every GET route and the rendered
/// dashboard pages are searched for either key and for each key's last 8 characters.
/// </summary>
public sealed partial class SentinelKeyTests
{
    private const string Shop = "sentinel-shop";
    private const string Rejected = "sentinel-rejected";

    [Fact]
    public async Task WholeBackfill_WithSentinelKeys_KeysAppearInNoLogDocumentResponseOrPage()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var sentinel = NewKey();
        var rejected = NewKey();
        var directory = Directory.CreateTempSubdirectory("backfill-sentinel-").FullName;
        var database = Path.Combine(directory, "sentinel.db");
        var logs = new CapturingLoggerProvider();
        var found = new List<(string Where, string Text)>();
        try
        {
            await using var sandbox = await BackfillTestHost.StartSandboxAsync(o => o.AccountKeys["alder-and-ash"] = sentinel);

            // The accepted key comes from Secret Manager (its stand-in), the refused one from configuration after
            // Secret Manager answers 404: both ways a key enters the process are scanned.
            await using var secrets = await SecretManagerStandIn.StartAsync();
            secrets.SetSecret($"klaviyo-api-key-{Shop}", sentinel);
            var settings = secrets.Configuration();
            settings["Storage:Embedded:Path"] = database;
            settings["Klaviyo:BaseUrl"] = sandbox.BaseAddress.ToString();
            settings[$"Klaviyo:Keys:{Rejected}"] = rejected;
            await using var app = await BackfillApp.StartAsync(settings, logs);

            found.Add(await SendAsync(app.Client, HttpMethod.Post, "/api/clients", $$"""{"id":"{{Shop}}","name":"Sentinel Shop"}"""));
            found.Add(await SendAsync(app.Client, HttpMethod.Post, "/api/clients", $$"""{"id":"{{Rejected}}","name":"Sentinel Rejected"}"""));
            found.Add(await SendAsync(app.Client, HttpMethod.Post, $"/api/backfill/start/{Shop}?days=30", null));
            found.Add(await SendAsync(app.Client, HttpMethod.Post, $"/api/backfill/start/{Rejected}?days=30", null));
            var completed = await WaitUntilFinishedAsync(app, Shop);
            var failed = await WaitUntilFinishedAsync(app, Rejected);
            found.Add(await SendAsync(app.Client, HttpMethod.Post, $"/api/backfill/retry/{Rejected}", null));
            failed = await WaitUntilFinishedAsync(app, Rejected, after: failed.ErrorAt);
            LogDeliberately(app.Services, sentinel);

            found.AddRange(await GetEveryRouteAsync(app));
            found.AddRange(await RenderPagesAsync(app));
            found.AddRange(ReadDatabase(database));
            found.AddRange(logs.Entries.Select((e, i) => ($"log #{i} {e.Category}", e.AllText())));

            Assert.Equal(BackfillState.Completed, completed.State);
            Assert.True(completed.Orders > 0, "the sentinel client copied no orders");
            Assert.True(secrets.Requests($"klaviyo-api-key-{Shop}") >= 1, "the sentinel key was not read from Secret Manager");
            Assert.True(secrets.Requests($"klaviyo-api-key-{Rejected}") >= 1, "Secret Manager was not asked before configuration");
            Assert.Equal(BackfillState.Failed, failed.State);
            Assert.Contains("401", failed.Error, StringComparison.Ordinal);
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is not null && e.Message.Contains(Rejected, StringComparison.Ordinal));
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Trace);
            Assert.Single(logs.Entries, e => e.Category == typeof(SentinelKeyTests).FullName);
            Assert.Contains(found, f => f.Where.StartsWith("document backfill_status/" + Rejected, StringComparison.Ordinal));
            Assert.Contains(found, f => f.Where.StartsWith("document clients/" + Shop + "/klaviyo/data/orders/", StringComparison.Ordinal));
            Assert.Contains(found, f => f.Where == "page /" && f.Text.Contains("401", StringComparison.Ordinal));
        }
        finally
        {
            TestDirectory.Delete(directory);
        }

        string[] fragments = [sentinel, sentinel[^8..], rejected, rejected[^8..]];
        var leaks = found
            .SelectMany(f => fragments.Where(s => f.Text.Contains(s, StringComparison.Ordinal)).Select(s => $"{f.Where}: {Excerpt(f.Text, s)}"))
            .ToList();
        Assert.True(leaks.Count == 0, $"A key leaked in {leaks.Count} place(s):\n" + string.Join('\n', leaks.Take(20)));
        var deliberate = Assert.Single(logs.Entries, e => e.Category == typeof(SentinelKeyTests).FullName);
        Assert.Equal("Deliberately logging pk_*** with header Authorization: Klaviyo-API-Key ***", deliberate.Message);
        Assert.StartsWith("System.InvalidOperationException: outer with pk_***", deliberate.Exception!.ToString(), StringComparison.Ordinal);
    }

    private static string NewKey() => "pk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(17));

    private static void LogDeliberately(IServiceProvider services, string key)
    {
        var failure = new InvalidOperationException($"outer with {key}", new HttpRequestException($"Authorization: Klaviyo-API-Key {key}"));
        services.GetRequiredService<ILogger<SentinelKeyTests>>()
            .LogError(failure, "Deliberately logging {Key} with header {Header}", key, $"Authorization: Klaviyo-API-Key {key}");
    }

    private static async Task<(string, string)> SendAsync(HttpClient client, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");
        return ($"{method} {path}", response.Headers + "\n" + await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Every GET route the app maps (outside the Klaviyo sandbox and the framework's files), for every client.</summary>
    private static async Task<List<(string, string)>> GetEveryRouteAsync(BackfillApp app)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var clients = app.Coordinator.Board.Statuses.Select(s => s.ClientId.Value).ToList();
        var routes = app.Services.GetServices<EndpointDataSource>()
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText!)
            .Where(p => !p.StartsWith("/sandbox/", StringComparison.Ordinal) && !p.StartsWith("/_", StringComparison.Ordinal) && !p.Contains("**", StringComparison.Ordinal))
            .Where(p => !Path.HasExtension(p) || p.StartsWith("/openapi/", StringComparison.Ordinal) || p.StartsWith("/static/", StringComparison.Ordinal))
            .Select(p => OptionalParameter().Replace(p, ""))
            .Distinct()
            .ToList();
        Assert.Contains("/api/backfill/status/{client_id}", routes);
        Assert.Contains("/api/clients", routes.Select(r => r.TrimEnd('/')));

        var paths = new List<string>();
        foreach (var route in routes)
        {
            var path = route.Replace("{documentName}", "v1", StringComparison.Ordinal);
            if (path.Contains("{client_id}", StringComparison.Ordinal) || path.Contains("{Id}", StringComparison.Ordinal))
            {
                paths.AddRange(clients.Select(c => path.Replace("{client_id}", c, StringComparison.Ordinal).Replace("{Id}", c, StringComparison.Ordinal)));
            }
            else
            {
                paths.Add(path);
            }
        }

        paths.Add($"/api/backfill/data/{Shop}/orders?limit=1000");
        paths.Add("/api/backfill/status/no-such-client");
        var responses = new List<(string, string)>();
        foreach (var path in paths.Where(p => !p.Contains('{', StringComparison.Ordinal)))
        {
            using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            responses.Add(($"GET {path}", $"{(int)response.StatusCode}\n{response.Headers}\n{await response.Content.ReadAsStringAsync(cancellationToken)}"));
            TestContext.Current.TestOutputHelper?.WriteLine($"GET {path} -> {(int)response.StatusCode}");
        }

        Assert.Contains(responses, r => r.Item1 == $"GET /api/backfill/status/{Rejected}" && r.Item2.Contains("401", StringComparison.Ordinal));
        return responses;
    }

    /// <summary>The dashboard as a browser renders it (the pages are interactive, not prerendered).</summary>
    private static async Task<List<(string, string)>> RenderPagesAsync(BackfillApp app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.FindOnPath(), Headless = true, Args = Chromium.Arguments });
        var context = await browser.NewContextAsync(new() { BaseURL = address });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var pages = new List<(string, string)>();

        await page.GotoAsync("/");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.GetByTestId($"error-toggle-{Rejected}").ClickAsync();
        await page.GetByTestId($"error-row-{Rejected}").WaitForAsync();
        pages.Add(("page /", await page.ContentAsync()));

        foreach (var client in new[] { Shop, Rejected })
        {
            await page.GotoAsync($"/data/{client}");
            await page.Locator("[data-interactive=true]").WaitForAsync();
            if (client == Shop)
            {
                await page.GetByTestId("kpi-orders").WaitForAsync();
            }

            pages.Add(($"page /data/{client}", await page.ContentAsync()));
        }

        await page.GotoAsync("/data");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        pages.Add(("page /data", await page.ContentAsync()));
        return pages;
    }

    /// <summary>Every stored document, read straight from the embedded store's file, and the files' raw bytes.</summary>
    private static List<(string, string)> ReadDatabase(string database)
    {
        var documents = new List<(string, string)>();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT key, fields FROM documents";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var fields = (byte[])reader.GetValue(1);
                documents.Add(($"document {Path(reader.GetString(0))}", Encoding.UTF8.GetString(fields)));
            }
        }

        Assert.True(documents.Count > 100, $"only {documents.Count} documents were stored");
        foreach (var file in Directory.GetFiles(System.IO.Path.GetDirectoryName(database)!))
        {
            documents.Add(($"file {System.IO.Path.GetFileName(file)}", Encoding.Latin1.GetString(File.ReadAllBytes(file))));
        }

        return documents;

        // The sort key separates segments with control characters; printable paths make a failure readable.
        static string Path(string key) => string.Concat(key.Select(c => char.IsControl(c) ? '/' : c)).Trim('/');
    }

    private static async Task<BackfillStatus> WaitUntilFinishedAsync(BackfillApp app, string client, DateTimeOffset? after = null)
    {
        using var subscription = app.Coordinator.Subscribe();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        await foreach (var board in subscription.Updates.ReadAllAsync(limit.Token))
        {
            var status = board.Statuses.FirstOrDefault(s => s.ClientId.Value == client);
            if (status is { State: BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled }
                && (after is null || status.ErrorAt > after))
            {
                return status;
            }
        }

        throw new InvalidOperationException("unreachable: the feed ended");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/?\{[^}]*\?\}")]
    private static partial System.Text.RegularExpressions.Regex OptionalParameter();

    private static string Excerpt(string text, string fragment)
    {
        var at = text.IndexOf(fragment, StringComparison.Ordinal);
        var start = Math.Max(0, at - 80);
        return text.Substring(start, Math.Min(text.Length - start, fragment.Length + 160)).ReplaceLineEndings(" ");
    }
}
