using System.Net;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>A response body already parsed by <see cref="KlaviyoBodyReader"/>; serialises back to its JSON if read.</summary>
internal sealed class KlaviyoParsedContent : HttpContent
{
    public KlaviyoParsedContent(JsonApiDocument document, System.Net.Http.Headers.HttpContentHeaders received)
    {
        Document = document;
        Headers.ContentType = received.ContentType;
    }

    public JsonApiDocument Document { get; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new Utf8JsonWriter(stream);
        Document.WriteTo(writer);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
