using System.Text.Json;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.KlaviyoSandbox;

internal static class SandboxTestExtensions
{
    public const string Rogue = "pk_sandbox_rogue-creamery";
    public const string Northloop = "pk_sandbox_northloop-outfitters";
    public const string Alder = "pk_sandbox_alder-and-ash";

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this SandboxServer server, string relative, string key)
    {
        using var response = await server.GetAsync(relative, key, TestContext.Current.CancellationToken);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static async Task<JsonElement> PostJsonAsync(this SandboxServer server, string relative, string key, string body)
    {
        using var response = await server.PostAsync(relative, key, body, TestContext.Current.CancellationToken);
        var json = await response.JsonAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    public static JsonElement SingleError(this JsonElement json) => Assert.Single(json.GetProperty("errors").EnumerateArray());

    /// <summary>Every event of a query, following links.next verbatim.</summary>
    public static async Task<List<JsonElement>> AllEventsAsync(this SandboxServer server, string firstUrl, string key)
    {
        var events = new List<JsonElement>();
        string? url = firstUrl;
        while (url is not null)
        {
            var page = await server.GetJsonAsync(url, key);
            events.AddRange(page.GetProperty("data").EnumerateArray());
            var next = page.GetProperty("links").GetProperty("next");
            url = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        return events;
    }

    public static async Task<string> MetricIdAsync(this SandboxServer server, string key, string name, string integration)
    {
        var metrics = await server.GetJsonAsync("api/metrics", key);
        return metrics.GetProperty("data").EnumerateArray()
            .Single(m => m.GetProperty("attributes").GetProperty("name").GetString() == name
                && m.GetProperty("attributes").GetProperty("integration").GetProperty("name").GetString() == integration)
            .GetProperty("id").GetString()!;
    }

    public static Task<SandboxServer> StartUnlimitedAsync(Action<Backfill.KlaviyoSandbox.SandboxOptions>? configure = null) =>
        SandboxServer.StartAsync(o =>
        {
            o.RateLimitsEnabled = false;
            configure?.Invoke(o);
        }, cancellationToken: TestContext.Current.CancellationToken);
}
