using System.Net;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// Reads each response body inside the attempt that received it, so the attempt timeout covers a body that stalls
/// after the headers and the retry policy sees a connection reset mid-body (<see cref="HttpIOException"/>).
/// A successful body is read whole into unpooled arrays and parsed into a <see cref="JsonApiDocument"/>; an error
/// body is kept up to <see cref="MaxErrorBodyBytes"/> for the translator.
/// Registered between the resilience handler and the response observer.
/// </summary>
internal sealed class KlaviyoBodyReader : DelegatingHandler
{
    /// <summary>Error bodies are short JSON documents or a CDN's HTML page; more than this is never read.</summary>
    internal const int MaxErrorBodyBytes = 256 * 1024;

    /// <summary>First buffer for a body of unknown length; doubled as it fills.</summary>
    private const int InitialBodyBuffer = 64 * 1024;

    /// <summary>The most a stated Content-Length reserves up front (a larger body still grows past it).</summary>
    private const int MaxUpFrontBodyBuffer = 8 * 1024 * 1024;

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
        var body = await ReadWholeAsync(response.Content, cancellationToken);
        try
        {
            return new KlaviyoParsedContent(JsonApiDocument.Read(body.Span), response.Content.Headers);
        }
        catch (JsonException invalid)
        {
            // A complete body that is not JSON will not become JSON on a retry: it fails the call at once.
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "no content type";
            throw new KlaviyoApiException(response.StatusCode,
                $"Klaviyo answered {request.Method} {request.RequestUri?.AbsolutePath} with {(int)response.StatusCode} but the body is not JSON ({mediaType}).",
                innerException: invalid);
        }
    }

    /// <summary>
    /// The whole body in plain (unpooled) arrays, parsed resource by resource by <see cref="JsonApiDocument.Read"/>.
    /// <see cref="JsonDocument.ParseAsync(Stream, JsonDocumentOptions, CancellationToken)"/> rented arrays the size of the
    /// body (and of its metadata) from the shared pool, whose per-thread slots keep them: a 10-year run, whose event
    /// pages are full (megabytes each), left tens of megabytes of 1–4 MB arrays there for minutes (measured with a
    /// heap dump), so it peaked at several times a 1-year run's heap. Plain arrays are garbage once the page is parsed.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadWholeAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var expected = content.Headers.ContentLength;
        // One byte more than stated, so a body of exactly the stated length ends without a resize.
        var buffer = new byte[expected is > 0 ? (int)Math.Min(expected.Value + 1, MaxUpFrontBodyBuffer) : InitialBodyBuffer];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, checked(buffer.Length * 2));
            }
        }

        return buffer.AsMemory(0, length);
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
