using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One JSON:API response: its primary data, the <c>included</c> resources indexed by (type, id), and the next
/// page link. Holds a detached clone of the payload, so elements stay valid after the HTTP response is gone.
/// </summary>
internal sealed class JsonApiDocument
{
    private readonly Dictionary<(string Type, string Id), JsonElement> _included = [];

    private JsonApiDocument(JsonElement root)
    {
        Root = root;
        var data = root.Property("data");
        Data = data switch
        {
            { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Where(IsResource)],
            { ValueKind: JsonValueKind.Object } single => [single],
            _ => [],
        };

        foreach (var resource in root.Array("included").Where(IsResource))
        {
            // Klaviyo lists each included resource once; should one repeat, the first copy wins.
            _included.TryAdd(Identity(resource), resource);
        }

        Next = root.Object("links")?.String("next");
    }

    public JsonElement Root { get; }

    public IReadOnlyList<JsonElement> Data { get; }

    /// <summary>The absolute URL of the next page, verbatim, or null when this is the last page.</summary>
    public string? Next { get; }

    public static JsonApiDocument Parse(JsonElement root) => new(root);

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

    private static bool IsResource(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.String("type") is not null && element.String("id") is not null;

    private static (string, string) Identity(JsonElement resource) => (resource.String("type")!, resource.String("id")!);
}
