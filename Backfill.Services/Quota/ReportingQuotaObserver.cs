using System.Net;
using Backfill.Services.Klaviyo.Client;
using Backfill.Services.Klaviyo.RateLimiting;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Quota;

/// <summary>
/// Sits inside the Klaviyo client's retry loop, so it sees every attempt: counts each reporting request Klaviyo
/// accepted against the client of the current <see cref="ReportingQuotaScope"/>, and marks the day exhausted when a
/// reporting 429 asks to wait longer than the per-minute window ever does (Klaviyo's daily cap). A throttled request
/// is not counted: Klaviyo does not count rejected requests either.
/// </summary>
internal sealed partial class ReportingQuotaObserver(
    ReportingQuotaLedger ledger, TimeProvider timeProvider, IOptions<ReportingQuotaOptions> options, ILogger<ReportingQuotaObserver> logger)
    : DelegatingHandler
{
    /// <summary>The endpoint buckets that spend the 225-a-day reporting quota.</summary>
    public static bool IsReporting(string bucket) =>
        bucket is KlaviyoBuckets.CampaignValuesReports or KlaviyoBuckets.FlowValuesReports or KlaviyoBuckets.FlowSeriesReports;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (ReportingQuotaScope.Current is not { } client || KlaviyoRequestInfo.Of(request) is not { } info || !IsReporting(info.Bucket))
        {
            return response;
        }

        try
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                if (KlaviyoRateLimitHeaders.RetryAfter(response, timeProvider.GetUtcNow()) > options.Value.DailyCapRetryAfter)
                {
                    await ledger.MarkExhaustedAsync(client, CancellationToken.None);
                }
            }
            else
            {
                // Counted even when the caller has been cancelled meanwhile: Klaviyo has counted it.
                await ledger.RecordAsync(client, 1, CancellationToken.None);
            }
        }
        catch (StoreException e)
        {
            // The ledger is bookkeeping: a store hiccup must not fail a Klaviyo request that succeeded.
            LogNotRecorded(e, client.Value, info.Bucket);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a {Bucket} call of {ClientId} in the reporting-quota ledger")]
    private partial void LogNotRecorded(Exception exception, string clientId, string bucket);
}
