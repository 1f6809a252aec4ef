using System.Net;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Klaviyo.Client;

public sealed class KlaviyoClientPartsTests
{
    private static KlaviyoMetric Metric(string id, string name, string? integration) => new(id, name, integration, integration?.ToLowerInvariant(), null, null, null);

    [Fact]
    public void ChoosePlacedOrder_SeveralPlacedOrders_PrefersShopify()
    {
        var metrics = new[] { Metric("API1", "Placed Order", "API"), Metric("OPEN", "Opened Email", "Klaviyo"), Metric("SHOP", "Placed Order", "Shopify") };

        Assert.Equal("SHOP", KlaviyoClient.ChoosePlacedOrder(metrics, null)?.Id);
    }

    [Fact]
    public void ChoosePlacedOrder_ConfiguredId_Wins()
    {
        var metrics = new[] { Metric("API1", "Placed Order", "API"), Metric("SHOP", "Placed Order", "Shopify") };

        Assert.Equal("API1", KlaviyoClient.ChoosePlacedOrder(metrics, "API1")?.Id);
    }

    [Theory]
    [InlineData("MISSING")]
    [InlineData("")]
    [InlineData(null)]
    public void ChoosePlacedOrder_UnknownOrBlankConfiguredId_FallsBackToTheRule(string? preferred)
    {
        var metrics = new[] { Metric("API1", " placed order ", null) };

        Assert.Equal("API1", KlaviyoClient.ChoosePlacedOrder(metrics, preferred)?.Id);
    }

    [Fact]
    public void ChoosePlacedOrder_NoneInAccount_IsNull()
    {
        Assert.Null(KlaviyoClient.ChoosePlacedOrder([Metric("OPEN", "Opened Email", "Klaviyo")], null));
    }

    [Fact]
    public void ApiKey_ToStringAndRecords_NeverShowTheSecret()
    {
        var key = new KlaviyoApiKey("pk_live_secret_value_123");
        var context = new KlaviyoAccountContext(key, "rogue-creamery");

        Assert.DoesNotContain("secret_value", key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret_value", context.ToString(), StringComparison.Ordinal);
        Assert.Contains("rogue-creamery", context.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("pk_with space")]
    [InlineData("pk_new\nline")]
    public void ApiKey_Malformed_IsRefused(string value)
    {
        Assert.ThrowsAny<ArgumentException>(() => new KlaviyoApiKey(value));
    }

    [Theory]
    [InlineData("RateLimit-Remaining", "0", "RateLimit-Reset", "12", 12)]
    [InlineData("RateLimit-Remaining", "0, 0;w=60", "RateLimit-Reset", "30, 30;w=60", 30)]
    [InlineData("RateLimit-Remaining", "5", "RateLimit-Reset", "12", null)]
    [InlineData("RateLimit-Remaining", "0", "RateLimit-Reset", "soon", null)]
    [InlineData("X-Other", "0", "RateLimit-Reset", "12", null)]
    public void ExhaustedFor_RateLimitHeaders_ReadsTheFirstInteger(string remainingName, string remaining, string resetName, string reset, int? expectedSeconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation(remainingName, remaining);
        response.Headers.TryAddWithoutValidation(resetName, reset);

        Assert.Equal(expectedSeconds is null ? null : TimeSpan.FromSeconds(expectedSeconds.Value), KlaviyoRateLimitHeaders.ExhaustedFor(response));
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("Wed, 04 Mar 2026 12:00:30 GMT", 30)]
    [InlineData("Wed, 04 Mar 2026 11:00:00 GMT", 0)]
    public void RetryAfter_SecondsOrDate_IsADelay(string header, int seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", header);

        Assert.Equal(TimeSpan.FromSeconds(seconds), KlaviyoRateLimitHeaders.RetryAfter(response, new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AddKlaviyoClient_FromConfiguration_BindsOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Klaviyo:Revision"] = "2026-10-15",
            ["Klaviyo:MaxRateLimitWait"] = "00:00:30",
            ["Klaviyo:Retry:MaxRetryAttempts"] = "2",
            ["Klaviyo:Limits:events:Burst"] = "50",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddKlaviyoClient();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<KlaviyoOptions>>().Value;

        Assert.Equal("2026-10-15", options.Revision);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxRateLimitWait);
        Assert.Equal(2, options.Retry.MaxRetryAttempts);
        Assert.Equal(50, options.Limits["EVENTS"].Burst);
        Assert.NotNull(provider.GetRequiredService<IKlaviyoClientFactory>());
    }

    [Fact]
    public void AddKlaviyoClient_InvalidRevision_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Klaviyo:Revision"] = "latest" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddKlaviyoClient();
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KlaviyoOptions>>().Value);
    }
}
