using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backfill.Tests.Storage;

/// <summary>
/// <c>firestore.indexes.json</c> exempts fields no query uses (so large orders index less and write faster); it must
/// never exempt a field the code filters, orders or sums by, or that query fails in production only.
/// </summary>
public sealed partial class FirestoreIndexesTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void IndexFile_ExemptsTheLargeOrderFields()
    {
        var exempted = Exemptions();

        Assert.Contains(("orders", "raw_properties"), exempted);
        Assert.Contains(("orders", "line_items"), exempted);
    }

    [Fact]
    public void IndexFile_ExemptsNoFieldTheCodeQueriesOrdersOrSumsBy()
    {
        var queried = QueriedFields();
        var exempted = Exemptions();

        // The scan must see the known queries, or an empty scan would pass vacuously.
        Assert.Superset(new HashSet<string> { "placed_at", "event_id", "value", "run_id" }, queried);
        Assert.DoesNotContain(exempted, e => queried.Contains(e.Field) || queried.Any(q => q.StartsWith(e.Field + ".", StringComparison.Ordinal)));
    }

    [Fact]
    public void IndexFile_HasOnlyFieldsFirestoreAccepts()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "firestore.indexes.json")));

        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("indexes").ValueKind);
        foreach (var entry in json.RootElement.GetProperty("fieldOverrides").EnumerateArray())
        {
            Assert.Equal(["collectionGroup", "fieldPath", "indexes", "ttl"], entry.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Matches("^[a-z_]+$", entry.GetProperty("collectionGroup").GetString());
        }
    }

    private static HashSet<(string Group, string Field)> Exemptions()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "firestore.indexes.json")));
        return json.RootElement.GetProperty("fieldOverrides").EnumerateArray()
            .Where(o => o.GetProperty("indexes").GetArrayLength() == 0)
            .Select(o => (o.GetProperty("collectionGroup").GetString()!, o.GetProperty("fieldPath").GetString()!))
            .ToHashSet();
    }

    /// <summary>Fields named in a filter, an ordering or a sum anywhere in the product code (stores excluded).</summary>
    private static HashSet<string> QueriedFields()
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        var files = new[] { "Backfill.Services", "Backfill.Web" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(Root, project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var code = File.ReadAllText(file);
            foreach (Match m in InlineUse().Matches(code))
            {
                fields.Add(m.Groups["field"].Value);
            }

            foreach (Match m in NamedField().Matches(code))
            {
                var name = Regex.Escape(m.Groups["name"].Value);
                if (Regex.IsMatch(code, $@"(Where|OrderByField|Sum|Average)\(\s*{name}\b"))
                {
                    fields.Add(m.Groups["field"].Value);
                }
            }
        }

        return fields;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "firestore.indexes.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("firestore.indexes.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(Where|OrderByField|Aggregation\.Sum|Aggregation\.Average)\(\s*FieldPath\.Of\(""(?<field>[^""]+)""\)")]
    private static partial Regex InlineUse();

    [GeneratedRegex(@"FieldPath\s+(?<name>\w+)\s*=\s*FieldPath\.Of\(""(?<field>[^""]+)""\)")]
    private static partial Regex NamedField();
}
