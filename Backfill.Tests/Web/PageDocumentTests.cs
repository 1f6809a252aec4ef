using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web;

/// <summary>
/// What the page's document gives the browser before the circuit starts (the manager's first render waits for all of
/// it): every script and style sheet compressed, the JS initializer fetched with them, the manager's icon sprite.
/// </summary>
public sealed partial class PageDocumentTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private HttpClient CreateClient() =>
        factory.WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient();

    [Fact]
    public async Task Document_EveryScriptAndStyleSheetItLinks_IsServedCompressed()
    {
        using var client = CreateClient();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        var assets = Linked().Matches(html).Select(m => m.Groups["path"].Value).Distinct().ToList();

        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/" + asset, UriKind.Relative));
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // MudBlazor's fingerprinted paths (what @Assets gives) have no compressed copy: 613 KiB of CSS went out whole.
            Assert.True(response.Content.Headers.ContentEncoding.Count > 0, $"{asset} is served uncompressed");
        }
    }

    [Fact]
    public async Task Document_PreloadsTheJsInitializer_AndCarriesTheManagersIconSprite()
    {
        using var client = CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Matches("<link rel=\"modulepreload\" href=\"[^\"]*lib\\.module\\.js\"", html);
        // In the document's body, outside the interactive root: not part of the circuit's first render batch.
        var body = html[html.IndexOf("<body", StringComparison.Ordinal)..];
        Assert.Contains(ActionIcons.Sprite, body, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:href|src)=\"(?<path>[^\"]+\\.(?:css|js))\"")]
    private static partial Regex Linked();
}
