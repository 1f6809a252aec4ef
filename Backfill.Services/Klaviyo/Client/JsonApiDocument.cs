using System.Runtime.InteropServices;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One JSON:API response: its primary data, the <c>included</c> resources indexed by (type, id), and the next
/// page link. Every resource is kept as its own UTF-8 bytes, exactly as the body had them, and parsed only when it is
/// read (<see cref="Data"/>, <see cref="Related"/>, <see cref="Find"/> parse on every call): a parsed element costs its
/// bytes again in token metadata, so a page of 1,000 events held parsed was about twice its body (5.4 MB for a
/// 2.7 MB body), held as bytes it is the body's size. Nothing rented from the shared pool is held or given back to
/// it (see <see cref="ParseElement"/>).
/// </summary>
internal sealed class JsonApiDocument
{
    private readonly Dictionary<(string Type, string Id), byte[]> _included = [];

    // The top-level members as read (a resource array as its elements), to write the body back out.
    private readonly IReadOnlyList<JsonApiMember> _members;

    private readonly IReadOnlyList<byte[]> _data;

    private JsonApiDocument(IReadOnlyList<JsonApiMember> members)
    {
        _members = members;
        var data = Member(members, "data");
        _data = data switch
        {
            { Items: { } items } => [.. items.Where(IsResource)],
            { Value: { } value } when Kind(value) == JsonValueKind.Array => [.. Elements(value).Where(IsResource)],
            { Value: { } value } when Kind(value) == JsonValueKind.Object => [value],
            _ => [],
        };

        var included = Member(members, "included");
        var includedResources = included?.Items
            ?? (included?.Value is { } includedArray && Kind(includedArray) == JsonValueKind.Array ? Elements(includedArray) : []);
        foreach (var resource in includedResources)
        {
            // Klaviyo lists each included resource once; should one repeat, the first copy wins.
            if (Identity(resource) is { } identity)
            {
                _included.TryAdd(identity, resource);
            }
        }

        Next = Member(members, "links")?.Value is { } links && ParseElement(links) is { ValueKind: JsonValueKind.Object } linksObject
            ? linksObject.String("next")
            : null;
    }

    /// <summary>The primary data's resources, each parsed when it is read (every read parses again).</summary>
    public IReadOnlyList<JsonElement> Data => new ParsedList(_data);

    /// <summary>The primary data's resources as their UTF-8 bytes, as the body had them.</summary>
    public IReadOnlyList<byte[]> DataUtf8 => _data;

    /// <summary>The absolute URL of the next page, verbatim, or null when this is the last page.</summary>
    public string? Next { get; }

    /// <summary>A document from an already parsed root (tests, and any root that is not an object).</summary>
    public static JsonApiDocument Parse(JsonElement root) =>
        new(root.ValueKind == JsonValueKind.Object
            ? [.. root.EnumerateObject().Select(p => new JsonApiMember(p.Name, Utf8(p.Value), null))]
            : [new JsonApiMember("", Utf8(root), null)]);

    /// <summary>
    /// Parses a whole UTF-8 body. The elements of a top-level <c>data</c> or <c>included</c> array are kept one by
    /// one, every other member as one value; anything but whitespace after the root is invalid
    /// (<see cref="JsonException"/>), as is a body that is not JSON.
    /// </summary>
    public static JsonApiDocument Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new JsonApiStreamReader();
        var consumed = reader.Advance(new System.Buffers.ReadOnlySequence<byte>(utf8.ToArray()), isFinalBlock: true);
        return consumed == utf8.Length ? reader.Finish() : throw new JsonException("The body ended inside a JSON value.");
    }

    /// <summary>
    /// Parses a body from its stream as it arrives (<see cref="JsonApiStreamReader"/>): only the resource being read is
    /// buffered, never the whole body.
    /// </summary>
    public static Task<JsonApiDocument> ReadAsync(Stream body, CancellationToken cancellationToken) =>
        JsonApiStreamReader.ReadAsync(body, cancellationToken);

    internal static JsonApiDocument FromMembers(IReadOnlyList<JsonApiMember> members) => new(members);

    /// <summary>Writes the body back out as JSON (member order kept).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_members is [{ Name: "", Value: { } root, Items: null }])
        {
            writer.WriteRawValue(root, skipInputValidation: true);
            return;
        }

        writer.WriteStartObject();
        foreach (var member in _members)
        {
            writer.WritePropertyName(member.Name);
            if (member.Items is { } items)
            {
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    writer.WriteRawValue(item, skipInputValidation: true);
                }

                writer.WriteEndArray();
            }
            else
            {
                writer.WriteRawValue(member.Value!, skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
    }

    public JsonElement? Find(string type, string id) => _included.TryGetValue((type, id), out var found) ? ParseElement(found) : null;

    /// <summary>The resources a relationship points at, resolved through <c>included</c>; unresolvable links are skipped.</summary>
    public IReadOnlyList<JsonElement> Related(JsonElement resource, string relationship) =>
        [.. RelatedUtf8(resource, relationship).Select(ParseElement)];

    /// <summary>
    /// <see cref="Related"/> as the included resources' bytes: the same array for every resource that points at it, so
    /// a profile shared by several events of a page is kept once.
    /// </summary>
    public IReadOnlyList<byte[]> RelatedUtf8(JsonElement resource, string relationship)
    {
        var linkage = resource.Object("relationships")?.Object(relationship)?.Property("data");
        IEnumerable<JsonElement> identifiers = linkage switch
        {
            { ValueKind: JsonValueKind.Array } many => many.EnumerateArray(),
            { ValueKind: JsonValueKind.Object } one => [one],
            _ => [],
        };

        var related = new List<byte[]>();
        foreach (var identifier in identifiers)
        {
            if (Identity(identifier) is { } identity && _included.TryGetValue(identity, out var found))
            {
                related.Add(found);
            }
        }

        return related;
    }

    /// <summary>The ids a relationship points at, whether or not they were included.</summary>
    public static IReadOnlyList<string> RelatedIds(JsonElement resource, string relationship)
    {
        var linkage = resource.Object("relationships")?.Object(relationship)?.Property("data");
        return linkage switch
        {
            { ValueKind: JsonValueKind.Array } many => [.. many.EnumerateArray().Select(i => i.String("id")).OfType<string>()],
            { ValueKind: JsonValueKind.Object } one when one.String("id") is { } id => [id],
            _ => [],
        };
    }

    /// <summary>
    /// One element parsed over its bytes, which it reads in place (they are never changed): a copy would cost the
    /// element's size again, 1.3 MB for the sandbox's wholesale order. Its token metadata is rented from the shared
    /// pool and deliberately not returned (there is nothing to dispose): it is garbage once the element is, where a
    /// returned 2 MB array would be kept by the pool after one large event.
    /// </summary>
    public static JsonElement ParseElement(byte[] utf8) => JsonDocument.Parse(utf8).RootElement;

    private static byte[] Utf8(JsonElement element) => JsonMarshal.GetRawUtf8Value(element).ToArray();

    private static JsonValueKind Kind(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        return reader.Read() ? reader.TokenType switch
        {
            JsonTokenType.StartObject => JsonValueKind.Object,
            JsonTokenType.StartArray => JsonValueKind.Array,
            _ => JsonValueKind.Undefined,
        } : JsonValueKind.Undefined;
    }

    private static IReadOnlyList<byte[]> Elements(byte[] array) => [.. ParseElement(array).EnumerateArray().Select(Utf8)];

    private static JsonApiMember? Member(IReadOnlyList<JsonApiMember> members, string name)
    {
        foreach (var member in members)
        {
            if (member.Name == name)
            {
                return member;
            }
        }

        return null;
    }

    private static bool IsResource(byte[] utf8) => Identity(utf8) is not null;

    /// <summary>
    /// A resource's type and id read straight from its bytes, as <see cref="Identity(JsonElement)"/> reads them from the
    /// parsed element (a repeated name: the last one counts, as for a parsed object), without parsing it.
    /// </summary>
    private static (string, string)? Identity(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? type = null;
        string? id = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isId = !isType && reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isType)
            {
                type = JsonTokens.Text(ref reader);
            }
            else if (isId)
            {
                id = JsonTokens.Text(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return type is not null && id is not null ? (type, id) : null;
    }

    private static (string, string)? Identity(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.String("type") is { } type && element.String("id") is { } id ? (type, id) : null;

    /// <summary>Elements parsed from their bytes when read, every time (nothing parsed is kept by the document).</summary>
    private sealed class ParsedList(IReadOnlyList<byte[]> items) : IReadOnlyList<JsonElement>
    {
        public JsonElement this[int index] => ParseElement(items[index]);

        public int Count => items.Count;

        public IEnumerator<JsonElement> GetEnumerator()
        {
            for (var i = 0; i < items.Count; i++)
            {
                yield return ParseElement(items[i]);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
