using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The request's query parameters in their original order, and the absolute links built from them
/// (brackets percent-encoded, every original parameter kept, only <c>page[cursor]</c> replaced).
/// </summary>
internal sealed class SandboxQuery
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];
    private readonly string _origin;
    private readonly string _path;

    public SandboxQuery(HttpContext http)
    {
        var request = http.Request;
        _origin = string.Concat(request.Scheme, "://", request.Host.Value);
        _path = string.Concat(request.PathBase.Value, request.Path.Value);
        ApiRoot = string.Concat(_origin, request.PathBase.Value, SandboxEndpoints.Prefix, "/api/");
        var raw = request.QueryString.Value;
        if (string.IsNullOrEmpty(raw))
        {
            return;
        }
        foreach (var part in raw.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            _parameters.Add(new(Decode(key), Decode(value)));
        }
    }

    /// <summary>Absolute URL of the sandbox's <c>/api/</c> root, used for resource links.</summary>
    public string ApiRoot { get; }

    public string? Get(string name)
    {
        foreach (var pair in _parameters)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }
        return null;
    }

    public IEnumerable<KeyValuePair<string, string>> All => _parameters;

    /// <summary>A comma list parameter (<c>include</c>, <c>fields[x]</c>), validated against the allowed values.</summary>
    public IReadOnlySet<string>? GetList(string name, IReadOnlyCollection<string> allowed)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!allowed.Contains(item))
            {
                throw SandboxApiException.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"'{item}' is not a valid value for '{name}'. Valid values are: {string.Join(", ", allowed)}."),
                    name);
            }
            items.Add(item);
        }
        return items;
    }

    /// <summary>A sparse fieldset whose entries may be dotted paths below the allowed top-level attributes.</summary>
    public IReadOnlySet<string>? GetFieldList(string name, IReadOnlyCollection<string> topLevel)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }
        var items = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var head = item.Split('.')[0];
            if (!topLevel.Contains(head))
            {
                throw SandboxApiException.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"'{item}' is not a valid field for '{name}'."), name);
            }
            items.Add(item);
        }
        return items;
    }

    /// <summary>Offset cursors for the small collections (campaigns, flows).</summary>
    public int OffsetCursor()
    {
        var cursor = Get("page[cursor]");
        if (string.IsNullOrEmpty(cursor))
        {
            return 0;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith("next::", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }
        throw SandboxApiException.Invalid("Invalid page cursor.", "page[cursor]");
    }

    public static string EncodeOffset(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("next::" + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary><c>page[size]</c> with Klaviyo's hard 400 outside the endpoint's range.</summary>
    public int PageSize(int defaultSize, int max)
    {
        var value = Get("page[size]");
        if (value is null)
        {
            return defaultSize;
        }
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > max)
        {
            throw SandboxApiException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"Page size must be an integer between 1 and {max}: {value}"),
                "page[size]");
        }
        return size;
    }

    public string SelfLink() => Build(null, false);

    public string CursorLink(string cursor) => Build(cursor, true);

    private string Build(string? cursor, bool replaceCursor)
    {
        var sb = new StringBuilder(_origin.Length + _path.Length + 128);
        sb.Append(_origin).Append(_path);
        var first = true;
        foreach (var pair in _parameters)
        {
            if (replaceCursor && pair.Key == "page[cursor]")
            {
                continue;
            }
            Append(sb, ref first, pair.Key, pair.Value);
        }
        if (replaceCursor && cursor is not null)
        {
            Append(sb, ref first, "page[cursor]", cursor);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ref bool first, string key, string value)
    {
        sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        first = false;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
