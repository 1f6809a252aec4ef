using System.Globalization;
using System.Text.RegularExpressions;

namespace Backfill.Tests.Web.Telemetry;

/// <summary>Reads samples out of Prometheus' text exposition format: <c>name{label="value",…} number</c>.</summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Parse(string text) =>
        [.. text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success)
            .Select(m => (m.Groups["name"].Value,
                (IReadOnlyDictionary<string, string>)Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>Sum of every sample called <paramref name="name"/> whose labels include <paramref name="labels"/>; null when none.</summary>
    public static double? Sum(string text, string name, params (string Key, string Value)[] labels)
    {
        var matching = Parse(text)
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
