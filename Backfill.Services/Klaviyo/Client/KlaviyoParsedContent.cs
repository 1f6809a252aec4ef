using System.Net;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// A response body already parsed by <see cref="KlaviyoBodyReader"/>; serialises back to its JSON if read. Disposing it
/// lets the document go: a disposed response can outlive its call (the resilience pipeline pools what it saw last),
/// and a page of 1,000 events kept that way was a second page alive while the next one was parsed.
/// </summary>
internal sealed class KlaviyoParsedContent : HttpContent
{
    private JsonApiDocument? _document;

    public KlaviyoParsedContent(JsonApiDocument document, System.Net.Http.Headers.HttpContentHeaders received)
    {
        _document = document;
        Headers.ContentType = received.ContentType;
    }

    public JsonApiDocument Document => _document ?? throw new ObjectDisposedException(nameof(KlaviyoParsedContent));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new Utf8JsonWriter(stream);
        Document.WriteTo(writer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _document = null;
        }

        base.Dispose(disposing);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
