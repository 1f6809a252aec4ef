using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Services.Orders;

/// <summary>
/// UTM parameters. Top-level <c>utm_*</c> properties (custom integrations) win field by field; otherwise the
/// query string of the landing page Shopify recorded (<c>landing_site</c>, then <c>full_landing_site</c>).
/// </summary>
internal static class OrderUtmReader
{
    private static readonly string[] Keys = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];

    public static OrderUtm Read(JsonElement properties, JsonElement? extra)
    {
        var values = new string?[Keys.Length];
        for (var i = 0; i < Keys.Length; i++)
        {
            values[i] = properties.String(Keys[i]);
        }

        foreach (var landing in new[] { extra?.String("landing_site"), extra?.String("full_landing_site"), properties.String("landing_site"), properties.String("LandingSite") })
        {
            if (landing is null)
            {
                continue;
            }

            var query = Parse(landing);
            for (var i = 0; i < Keys.Length; i++)
            {
                if (values[i] is null && query.TryGetValue(Keys[i], out var value))
                {
                    values[i] = value;
                }
            }
        }

        return values.All(v => v is null) ? OrderUtm.None : new OrderUtm(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>Parses the query of an absolute URL, a path such as <c>/p?a=b</c>, or a bare query; never throws.</summary>
    internal static Dictionary<string, string> Parse(string url)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var start = url.IndexOf('?', StringComparison.Ordinal);
        var query = start >= 0 ? url[(start + 1)..] : url.Contains('=', StringComparison.Ordinal) ? url : "";
        var fragment = query.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            query = query[..fragment];
        }

        foreach (var pair in query.Replace("&amp;", "&", StringComparison.Ordinal).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Decode(parts[0]);
            var value = parts.Length == 2 ? Decode(parts[1]) : "";
            if (name.Length > 0 && !string.IsNullOrWhiteSpace(value))
            {
                result.TryAdd(name, value.Trim());
            }
        }

        return result;
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
