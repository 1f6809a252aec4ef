using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>One named HttpClient pipeline for all accounts; each client instance is bound to one account's key.</summary>
internal sealed class KlaviyoClientFactory(
    IHttpClientFactory httpClientFactory,
    IOptions<KlaviyoOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : IKlaviyoClientFactory
{
    public IKlaviyoClient Create(KlaviyoAccountContext account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var http = httpClientFactory.CreateClient(KlaviyoServiceCollectionExtensions.HttpClientName);
        var transport = new KlaviyoHttpTransport(http, account, options.Value, timeProvider, loggerFactory.CreateLogger<KlaviyoClient>());
        return new KlaviyoClient(transport, options.Value);
    }
}
