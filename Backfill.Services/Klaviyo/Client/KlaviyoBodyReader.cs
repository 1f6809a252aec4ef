using System.Net;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads each response body inside the attempt that received it, so the attempt timeout covers a body that stalls
/// after the headers and the retry policy sees a connection reset mid-body (<see cref="HttpIOException"/>).
/// A successful body is parsed from the stream as it arrives into a <see cref="JsonApiDocument"/> of one byte array
/// per resource (<see cref="JsonApiStreamReader"/>; no array the size of the body, nothing rented from the shared
/// pool, whose per-thread slots once kept a 10-year run's 1–4 MB page arrays for minutes); an error body is kept up to
/// <see cref="MaxErrorBodyBytes"/> for the translator.
/// Registered between the resilience handler and the response observer.
/// </summary>
internal sealed class KlaviyoBodyReader : DelegatingHandler
{
    /// <summary>Error bodies are short JSON documents or a CDN's HTML page; more than this is never read.</summary>
    internal const int MaxErrorBodyBytes = 256 * 1024;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (KlaviyoRequestInfo.Of(request) is null)
        {
            return response;
        }

        try
        {
            var received = response.Content;
            response.Content = response.IsSuccessStatusCode
                ? await ParseAsync(response, request, cancellationToken)
                : await ReadErrorAsync(received, cancellationToken);
            received.Dispose();
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task<HttpContent> ParseAsync(HttpResponseMessage response, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        try
        {
            return new KlaviyoParsedContent(await JsonApiDocument.ReadAsync(body, cancellationToken), response.Content.Headers);
        }
        catch (JsonException invalid)
        {
            // A body that is not JSON will not become JSON on a retry: it fails the call at once.
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new KlaviyoApiException(response.StatusCode,
                $"Klaviyo answered {request.Method} {request.RequestUri?.AbsolutePath} with {(int)response.StatusCode} but the body is not JSON ({mediaType}).",
                innerException: invalid);
        }
    }

    private static async Task<HttpContent> ReadErrorAsync(HttpContent received, CancellationToken cancellationToken)
    {
        await using var stream = await received.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        var content = new ByteArrayContent(buffer, 0, length);
        foreach (var header in received.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }
}
