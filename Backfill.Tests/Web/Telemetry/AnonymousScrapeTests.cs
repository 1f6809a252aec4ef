using System.Net;
using System.Security.Cryptography;
using Backfill.Tests.Web.Api;
using Backfill.Tests.Web.Security;

namespace Backfill.Tests.Web.Telemetry;

/// <summary><c>Telemetry:AllowAnonymousScrape</c> opens <c>/metrics</c> only, on an app of its own.</summary>
[Collection(MetricsCollection.Name)]
public sealed class AnonymousScrapeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrape_WhenAnonymousScrapeAllowed_NeedsNoKey_AndTheApiStillDoes()
    {
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:0:Name"] = "ops",
            ["Auth:ApiKeys:0:Role"] = "operator",
            ["Auth:ApiKeys:0:Sha256"] = ApiKeyHashes.Sha256Hex("bk_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24))),
            ["Telemetry:AllowAnonymousScrape"] = "true",
        });

        using var metrics = await app.Client.GetAsync("/metrics", Ct);
        using var api = await app.Client.GetAsync("/api/backfill/status", Ct);

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
