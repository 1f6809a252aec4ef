using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Turns a failed response into the typed exception the rest of the app handles. Klaviyo's error body is
/// <c>{"errors":[{code,title,detail,source:{parameter|pointer}}]}</c>, but a CDN may answer with HTML instead.
/// </summary>
internal static partial class KlaviyoErrorTranslator
{
    private const int MaxBodyChars = 64 * 1024;

    public static async Task<KlaviyoException> TranslateAsync(
        HttpResponseMessage response,
        string operation,
        string bucket,
        string secret,
        DateTimeOffset now,
        TimeSpan fallbackRetryAfter,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken);
        var error = ParseFirstError(body);
        var detail = Scrub(error?.Detail ?? error?.Title, secret);
        var status = response.StatusCode;
        var code = (int)status;

        if (status == HttpStatusCode.TooManyRequests)
        {
            var retryAt = now + (KlaviyoRateLimitHeaders.RetryAfter(response, now) ?? fallbackRetryAfter);
            return new KlaviyoRateLimitedException(bucket, retryAt,
                $"Klaviyo rate limited until {retryAt:u}: {operation} was throttled ({bucket}) for longer than we wait in-process.");
        }

        if (error is null && status is HttpStatusCode.Forbidden && !LooksLikeJson(response, body))
        {
            // A Cloudflare challenge or firewall page: the key may be fine, the request never reached Klaviyo's API.
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            var challenge = response.Headers.Contains("cf-mitigated") ? " (CDN challenge)" : "";
            return new KlaviyoApiException(status,
                $"Klaviyo's edge refused {operation} with 403 and a non-JSON body ({mediaType}){challenge}; the request was blocked before the API saw it, so this is not a key problem.");
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var scope = detail is null ? null : ScopePattern().Match(detail) is { Success: true } m ? m.Value : null;
            var reason = status == HttpStatusCode.Unauthorized
                ? "Klaviyo rejected the API key (401): it is wrong, revoked or missing"
                : scope is null
                    ? "The API key lacks a scope this call needs (403)"
                    : $"The API key lacks the scope '{scope}' (403)";
            return new KlaviyoAuthException(status, $"{reason}; {operation} failed.{Suffix(detail)}", scope, detail);
        }

        if (error is null && !LooksLikeJson(response, body))
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            return new KlaviyoApiException(status,
                $"Klaviyo answered {operation} with {code} and a non-JSON body ({mediaType}).");
        }

        var where = error?.Parameter is { } parameter ? $" (parameter '{parameter}')" : error?.Pointer is { } pointer ? $" (at '{pointer}')" : "";
        return new KlaviyoApiException(status,
            $"Klaviyo answered {operation} with {code}{(error?.Code is { } c ? " " + c : "")}{where}.{Suffix(detail)}",
            error?.Code, detail, error?.Parameter, error?.Pointer);
    }

    private static string Suffix(string? detail) => detail is null ? "" : " Klaviyo says: " + detail;

    private static string? Scrub(string? text, string secret) =>
        text is null || secret.Length == 0 ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private static bool LooksLikeJson(HttpResponseMessage response, string body) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        || body.TrimStart().StartsWith('{');

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length > MaxBodyChars ? body[..MaxBodyChars] : body;
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static ErrorEntry? ParseFirstError(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var first = document.RootElement.Array("errors").FirstOrDefault();
            if (first.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var source = first.Object("source");
            return new ErrorEntry(first.String("code"), first.String("title"), first.String("detail"),
                source?.String("parameter"), source?.String("pointer"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\b[a-z][a-z-]*:(read|write|manage)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ScopePattern();

    private sealed record ErrorEntry(string? Code, string? Title, string? Detail, string? Parameter, string? Pointer);
}
