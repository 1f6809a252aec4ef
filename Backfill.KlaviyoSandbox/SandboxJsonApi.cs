using System.Text.Json;

namespace Backfill.KlaviyoSandbox;

/// <summary>Small writers for the repeating JSON:API pieces.</summary>
internal static class SandboxJsonApi
{
    private static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
    private static readonly JsonEncodedText Self = JsonEncodedText.Encode("self");
    private static readonly JsonEncodedText Related = JsonEncodedText.Encode("related");

    public static void ToOne(Utf8JsonWriter w, string root, string name, string ownerPath, string type, string id)
    {
        w.WriteStartObject(name);
        w.WriteStartObject(Data);
        w.WriteString(Type, type);
        w.WriteString(Id, id);
        w.WriteEndObject();
        RelationshipLinks(w, root, name, ownerPath);
        w.WriteEndObject();
    }

    public static void ToMany(Utf8JsonWriter w, string root, string name, string ownerPath, string type, IEnumerable<string> ids)
    {
        w.WriteStartObject(name);
        w.WriteStartArray(Data);
        foreach (var id in ids)
        {
            w.WriteStartObject();
            w.WriteString(Type, type);
            w.WriteString(Id, id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        RelationshipLinks(w, root, name, ownerPath);
        w.WriteEndObject();
    }

    public static void SelfLink(Utf8JsonWriter w, string root, string path)
    {
        w.WriteStartObject(Links);
        w.WriteString(Self, string.Concat(root, path, "/"));
        w.WriteEndObject();
    }

    public static void CollectionLinks(Utf8JsonWriter w, SandboxQuery query, string? next, string? prev)
    {
        w.WriteStartObject(Links);
        w.WriteString(Self, query.SelfLink());
        if (next is null)
        {
            w.WriteNull("next");
        }
        else
        {
            w.WriteString("next", query.CursorLink(next));
        }
        if (prev is null)
        {
            w.WriteNull("prev");
        }
        else
        {
            w.WriteString("prev", query.CursorLink(prev));
        }
        w.WriteEndObject();
    }

    public static void Meta(Utf8JsonWriter w)
    {
        w.WriteStartObject("meta");
        w.WriteStartObject("agent_hints");
        w.WriteStartArray("next_steps");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void StringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void RelationshipLinks(Utf8JsonWriter w, string root, string name, string ownerPath)
    {
        w.WriteStartObject(Links);
        w.WriteString(Self, string.Concat(root, ownerPath, "/relationships/", name, "/"));
        w.WriteString(Related, string.Concat(root, ownerPath, "/", name, "/"));
        w.WriteEndObject();
    }
}

/// <summary>A sparse fieldset: null means every field.</summary>
internal readonly record struct SandboxFields(IReadOnlySet<string>? Fields)
{
    public bool Has(string field) => Fields is null || Fields.Contains(field);

    /// <summary>True when the field or any of its dotted children was asked for.</summary>
    public bool HasAny(string field) =>
        Fields is null || Fields.Contains(field) || Fields.Any(f => f.StartsWith(field + ".", StringComparison.Ordinal));

    public bool HasChild(string parent, string child) =>
        Fields is null || Fields.Contains(parent) || Fields.Contains(parent + "." + child);
}
