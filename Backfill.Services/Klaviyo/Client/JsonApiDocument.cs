using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One JSON:API response: its primary data, the <c>included</c> resources indexed by (type, id), and the next
/// page link. Every element is detached from the HTTP response. Read from bytes (<see cref="Read"/>), each resource
/// of <c>data</c> and <c>included</c> is its own small document: no array the size of the page is ever rented from
/// the shared pool (a page of 200 orders is megabytes), and an event kept by the engine keeps only itself alive.
/// </summary>
internal sealed class JsonApiDocument
{
    private readonly Dictionary<(string Type, string Id), JsonElement> _included = [];

    // The top-level members as read (a resource array as its elements), to write the body back out.
    private readonly IReadOnlyList<(string Name, JsonElement? Value, IReadOnlyList<JsonElement>? Items)> _members;

    private JsonApiDocument(
        IReadOnlyList<(string Name, JsonElement? Value, IReadOnlyList<JsonElement>? Items)> members)
    {
        _members = members;
        var data = Member(members, "data");
        Data = data switch
        {
            { Items: { } items } => [.. items.Where(IsResource)],
            { Value: { ValueKind: JsonValueKind.Array } array } => [.. array.EnumerateArray().Where(IsResource)],
            { Value: { ValueKind: JsonValueKind.Object } single } => [single],
            _ => [],
        };

        var included = Member(members, "included");
        var includedResources = included?.Items
            ?? (included?.Value is { ValueKind: JsonValueKind.Array } includedArray ? [.. includedArray.EnumerateArray()] : []);
        foreach (var resource in includedResources.Where(IsResource))
        {
            // Klaviyo lists each included resource once; should one repeat, the first copy wins.
            _included.TryAdd(Identity(resource), resource);
        }

        Next = Member(members, "links")?.Value is { ValueKind: JsonValueKind.Object } links ? links.String("next") : null;
    }

    public IReadOnlyList<JsonElement> Data { get; }

    /// <summary>The absolute URL of the next page, verbatim, or null when this is the last page.</summary>
    public string? Next { get; }

    /// <summary>A document from an already parsed root (tests, and any root that is not an object).</summary>
    public static JsonApiDocument Parse(JsonElement root) =>
        new(root.ValueKind == JsonValueKind.Object
            ? [.. root.EnumerateObject().Select(p => (p.Name, (JsonElement?)p.Value, (IReadOnlyList<JsonElement>?)null))]
            : [("", root, null)]);

    /// <summary>
    /// Parses a whole UTF-8 body. The elements of a top-level <c>data</c> or <c>included</c> array are parsed one by
    /// one, every other member as one value; anything but whitespace after the root is invalid
    /// (<see cref="JsonException"/>), as is a body that is not JSON.
    /// </summary>
    public static JsonApiDocument Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, isFinalBlock: true, state: default);
        if (!reader.Read())
        {
            throw new JsonException("The body is empty.");
        }

        List<(string, JsonElement?, IReadOnlyList<JsonElement>?)> members = [];
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            members.Add(("", JsonElement.ParseValue(ref reader), null));
        }
        else
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name is "data" or "included" && reader.TokenType == JsonTokenType.StartArray)
                {
                    var items = new List<JsonElement>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(JsonElement.ParseValue(ref reader));
                    }

                    members.Add((name, null, items));
                }
                else
                {
                    members.Add((name, JsonElement.ParseValue(ref reader), null));
                }
            }
        }

        if (reader.Read())
        {
            throw new JsonException($"Unexpected {reader.TokenType} after the JSON value at byte {reader.TokenStartIndex}.");
        }

        return new JsonApiDocument(members);
    }

    /// <summary>Writes the body back out as JSON (member order kept).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (_members is [("", { } root, null)])
        {
            root.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var (name, value, items) in _members)
        {
            writer.WritePropertyName(name);
            if (items is not null)
            {
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
            }
            else
            {
                value!.Value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    public JsonElement? Find(string type, string id) => _included.TryGetValue((type, id), out var found) ? found : null;

    /// <summary>The resources a relationship points at, resolved through <c>included</c>; unresolvable links are skipped.</summary>
    public IReadOnlyList<JsonElement> Related(JsonElement resource, string relationship)
    {
        var linkage = resource.Object("relationships")?.Object(relationship)?.Property("data");
        IEnumerable<JsonElement> identifiers = linkage switch
        {
            { ValueKind: JsonValueKind.Array } many => many.EnumerateArray(),
            { ValueKind: JsonValueKind.Object } one => [one],
            _ => [],
        };

        var related = new List<JsonElement>();
        foreach (var identifier in identifiers.Where(IsResource))
        {
            if (_included.TryGetValue(Identity(identifier), out var found))
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

    private static (string Name, JsonElement? Value, IReadOnlyList<JsonElement>? Items)? Member(
        IReadOnlyList<(string Name, JsonElement? Value, IReadOnlyList<JsonElement>? Items)> members, string name)
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

    private static bool IsResource(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.String("type") is not null && element.String("id") is not null;

    private static (string, string) Identity(JsonElement resource) => (resource.String("type")!, resource.String("id")!);
}
