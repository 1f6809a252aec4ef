using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Resilience;

/// <summary>Which failures of a run may pass by themselves, so a later attempt is worth making without anyone pressing Retry.</summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception failure) => failure switch
    {
        // A refused key, a missing scope, a bad request or an account without a Placed Order metric stay as they are.
        KlaviyoAuthException => false,
        KlaviyoKeyUnavailableException => false,
        KlaviyoApiException api => api.IsTransient || api.StatusCode == System.Net.HttpStatusCode.TooManyRequests,
        StoreException store => store.IsTransient,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };
}
