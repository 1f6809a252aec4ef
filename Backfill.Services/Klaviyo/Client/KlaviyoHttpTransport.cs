using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Sends one logical request for one account through the shared resilient pipeline and returns the parsed
/// JSON:API document, or throws a typed <see cref="KlaviyoException"/>. The only place the key is read.
/// </summary>
internal sealed class KlaviyoHttpTransport
{
    private static readonly MediaTypeWithQualityHeaderValue JsonApi = new("application/vnd.api+json");

    private readonly HttpClient _http;
    private readonly KlaviyoAccountContext _account;
    private readonly KlaviyoOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _partition;

    public KlaviyoHttpTransport(HttpClient http, KlaviyoAccountContext account, KlaviyoOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _http = http;
        _account = account;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _partition = account.ApiKey.Fingerprint();
        BaseUrl = EnsureTrailingSlash(account.BaseUrl ?? options.BaseUrl);
    }

    public Uri BaseUrl { get; }

    public KlaviyoRequestCounters Counters { get; } = new();

    public Uri Resolve(string relative) => new(BaseUrl, relative);

    public Task<JsonApiDocument> GetAsync(Uri url, string bucket, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, url, bucket, body: null, cancellationToken);

    public Task<JsonApiDocument> PostAsync(Uri url, string bucket, JsonElement body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, url, bucket, body, cancellationToken);

    /// <summary>
    /// A <c>links.next</c> URL is followed verbatim, but only on the API host we were given (the key must never
    /// travel to another origin because a response said so) and never twice (a repeating cursor would loop forever).
    /// </summary>
    public Uri FollowNext(string next, ISet<string> followed)
    {
        if (!Uri.TryCreate(next, UriKind.Absolute, out var url))
        {
            url = new Uri(BaseUrl, next);
        }

        if (Uri.Compare(url, BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw Label(new KlaviyoApiException(HttpStatusCode.BadGateway,
                $"Klaviyo returned a next-page link on another host ({url.Host}); refusing to send the key there."));
        }

        if (!followed.Add(url.AbsoluteUri))
        {
            throw Label(new KlaviyoApiException(HttpStatusCode.BadGateway,
                $"Klaviyo's next-page link repeated itself on {url.AbsolutePath}; stopping instead of looping."));
        }

        return url;
    }

    private async Task<JsonApiDocument> SendAsync(HttpMethod method, Uri url, string bucket, JsonElement? body, CancellationToken cancellationToken)
    {
        var operation = $"{method} {url.AbsolutePath}";
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Klaviyo-API-Key", _account.ApiKey.Reveal());
        request.Headers.Add("revision", _options.Revision);
        request.Headers.Accept.Add(JsonApi);
        request.Options.Set(KlaviyoRequestInfo.Key, new KlaviyoRequestInfo(_partition, bucket, Counters));
        if (body is { } payload)
        {
            // Byte content can be re-sent as-is by the retry strategy.
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload.GetRawText()));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.api+json");
            request.Content = content;
        }

        _logger.LogDebug("Klaviyo {Operation} for {Account} ({Bucket})", operation, _account.AccountLabel, bucket);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await KlaviyoErrorTranslator.TranslateAsync(response, operation, bucket, _account.ApiKey.Reveal(),
                    _timeProvider.GetUtcNow(), _options.MaxRateLimitWait, cancellationToken);
                throw Label(failure);
            }

            // The body was read and parsed inside the attempt (KlaviyoBodyReader), under its timeout and retries.
            return response.Content is KlaviyoParsedContent parsed
                ? parsed.Document
                : throw new InvalidOperationException("The Klaviyo HTTP pipeline is missing its body reader.");
        }
        catch (KlaviyoException failure)
        {
            throw Label(failure);
        }
        catch (RateLimiterRejectedException rejected)
        {
            var retryAt = _timeProvider.GetUtcNow() + (rejected.RetryAfter ?? _options.MaxRateLimitWait);
            throw Label(new KlaviyoRateLimitedException(bucket, retryAt,
                $"Klaviyo rate limited until {retryAt:u}: the {bucket} quota for {_account.AccountLabel} is spent for longer than the {_options.MaxRateLimitWait} we wait in-process."));
        }
        catch (TimeoutRejectedException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw Label(new KlaviyoApiException(HttpStatusCode.RequestTimeout,
                $"Klaviyo did not answer {operation} in time ({timeout.Timeout}).", innerException: timeout));
        }
        catch (HttpRequestException network)
        {
            throw Label(new KlaviyoApiException(network.StatusCode ?? HttpStatusCode.ServiceUnavailable,
                $"Could not reach Klaviyo for {operation}: {network.HttpRequestError}.", innerException: network));
        }
        catch (IOException broken)
        {
            var reason = broken is HttpIOException http ? http.HttpRequestError.ToString() : "the connection was reset";
            throw Label(new KlaviyoApiException(HttpStatusCode.ServiceUnavailable,
                $"Klaviyo's answer to {operation} broke off mid-body: {reason}.", innerException: broken));
        }
    }

    private KlaviyoException Label(KlaviyoException exception)
    {
        exception.AccountLabel ??= _account.AccountLabel;
        return exception;
    }

    private static Uri EnsureTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
