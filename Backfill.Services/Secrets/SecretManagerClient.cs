using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Apis.Auth.OAuth2.Responses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Backfill.Services.Secrets;

/// <summary>
/// Secret Manager's REST API v1, the one call this app needs:
/// <c>GET v1/projects/{project}/secrets/{secret}/versions/latest:access</c>. The payload's CRC32C is verified (a
/// mismatch is read once more, then fails); 429, 5xx and network failures are retried with backoff; other errors
/// fail at once. Payloads and tokens never reach a message or a log.
/// </summary>
public sealed partial class SecretManagerClient : ISecretSource
{
    private readonly HttpClient _http;
    private readonly SecretManagerOptions _options;
    private readonly SecretManagerCredentialSource _credentials;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SecretManagerClient> _logger;
    private readonly ResiliencePipeline _pipeline;

    public SecretManagerClient(
        HttpClient http,
        IOptions<SecretManagerOptions> options,
        SecretManagerCredentialSource credentials,
        TimeProvider timeProvider,
        ILogger<SecretManagerClient> logger)
    {
        _http = http;
        _options = options.Value;
        _credentials = credentials;
        _timeProvider = timeProvider;
        _logger = logger;
        _pipeline = BuildPipeline();
    }

    public async Task<SecretPayload> AccessLatestAsync(string secretId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretId);
        if (!SecretId().IsMatch(secretId))
        {
            // Checked here too, so an id can never add path segments or a query to the request.
            throw new SecretAccessException(SecretErrorKind.InvalidArgument, $"projects/{_options.Project}/secrets/(invalid)",
                "A secret id is 1-255 characters of letters, digits, '-' and '_'.");
        }

        var resourceName = _options.SecretResourceName(secretId);
        return await _pipeline.ExecuteAsync(static (state, token) => state.Self.AccessOnceAsync(state.ResourceName, token), (Self: this, ResourceName: resourceName), cancellationToken);
    }

    private async ValueTask<SecretPayload> AccessOnceAsync(string resourceName, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl(), $"v1/{resourceName}/versions/latest:access"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_options.Credentials == SecretManagerCredentials.ApplicationDefault)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await GetTokenAsync(resourceName, cancellationToken));
        }

        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new SecretAccessException(SecretErrorKind.Unavailable, resourceName, $"Could not reach Secret Manager reading {resourceName}: {e.HttpRequestError}.", innerException: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SecretAccessException(SecretErrorKind.Unavailable, resourceName, $"Secret Manager did not answer within {_options.RequestTimeout} reading {resourceName}.", innerException: e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw SecretManagerErrors.FromResponse(resourceName, response.StatusCode, body, response.Headers.RetryAfter, _timeProvider.GetUtcNow());
            }

            return Decode(resourceName, body);
        }
    }

    private async Task<string> GetTokenAsync(string resourceName, CancellationToken cancellationToken)
    {
        try
        {
            return await _credentials.GetAccessTokenAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new SecretAccessException(SecretErrorKind.Unauthenticated, resourceName,
                "No Google Application Default Credentials were found (set GOOGLE_APPLICATION_CREDENTIALS, run on Google Cloud with a service account, or run 'gcloud auth application-default login').",
                innerException: e);
        }
        catch (TokenResponseException e)
        {
            throw new SecretAccessException(SecretErrorKind.Unauthenticated, resourceName,
                $"Google refused the app's credentials ({e.Error?.Error ?? "token error"}) reading {resourceName}.", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new SecretAccessException(SecretErrorKind.Unavailable, resourceName, "Could not obtain a Google access token (the token endpoint or metadata server did not answer).", innerException: e);
        }
    }

    /// <summary>
    /// <c>{"name":…,"payload":{"data":"&lt;base64&gt;","dataCrc32c":"&lt;int64&gt;"}}</c>. The checksum is an int64 that
    /// proto3 JSON writes as a string; a number is accepted too. A response without one is taken as is.
    /// </summary>
    private static SecretPayload Decode(string resourceName, string body)
    {
        string versionName;
        byte[] data;
        long? expected;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            versionName = root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : resourceName + "/versions/latest";
            var payload = root.GetProperty("payload");
            // proto3 JSON accepts standard and URL-safe base64 for bytes.
            var base64 = payload.GetProperty("data").GetString()!.Replace('-', '+').Replace('_', '/');
            data = Convert.FromBase64String(base64);
            expected = payload.TryGetProperty("dataCrc32c", out var crc) ? crc.ValueKind switch
            {
                JsonValueKind.String => long.Parse(crc.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture),
                JsonValueKind.Number => crc.GetInt64(),
                _ => null,
            } : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or OverflowException or InvalidOperationException or ArgumentNullException)
        {
            // The exception's own text is left out: a parser's message could quote part of the payload.
            throw new SecretAccessException(SecretErrorKind.Corrupted, resourceName, $"Secret Manager's answer for {resourceName} could not be decoded.");
        }

        if (expected is { } sum && Crc32C.Compute(data) != sum)
        {
            throw new SecretAccessException(SecretErrorKind.Corrupted, resourceName, $"The payload of {versionName} failed its CRC32C check (corrupted in transit).");
        }

        return new SecretPayload(versionName, data);
    }

    private Uri BaseUrl() => _options.BaseUrl.AbsoluteUri.EndsWith('/') ? _options.BaseUrl : new Uri(_options.BaseUrl.AbsoluteUri + "/");

    /// <summary>Outer: one more read after a checksum mismatch. Inner: transient errors with backoff that honours Retry-After.</summary>
    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SecretAccessException>(e => e.Kind == SecretErrorKind.Corrupted),
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                OnRetry = args =>
                {
                    LogRetry(((SecretAccessException)args.Outcome.Exception!).ResourceName, SecretErrorKind.Corrupted, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<SecretAccessException>(e => e.IsTransient),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RetryMaxDelay,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is SecretAccessException { RetryAfter: { } wait } ? TimeSpan.FromTicks(Math.Min(wait.Ticks, _options.RetryMaxDelay.Ticks)) : null),
                OnRetry = args =>
                {
                    var error = (SecretAccessException)args.Outcome.Exception!;
                    LogRetry(error.ResourceName, error.Kind, args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretId();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {ResourceName} from Secret Manager failed ({Kind}); retry {Retry}")]
    private partial void LogRetry(string resourceName, SecretErrorKind kind, int retry);
}
