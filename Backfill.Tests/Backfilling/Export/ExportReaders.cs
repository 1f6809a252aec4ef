using System.IO.Compression;
using System.Xml.Linq;
using CsvHelper;
using MiniExcelLibs;

namespace Backfill.Tests.Backfilling.Export;

/// <summary>
/// Independent readers of the exported files: CsvHelper for CSV, MiniExcel's reader for xlsx values, and the sheet's
/// own XML (System.IO.Compression) for what a cell is: a number, a date, text or a formula.
/// </summary>
internal static class ExportReaders
{
    private static readonly XNamespace Sheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public sealed record Table(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

    public static Table Csv(string text)
    {
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = ',' });
        var header = reader.Headers.ToList();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var row in reader)
        {
            var values = row.ToArray();
            Assert.Equal(header.Count, values.Length);
            rows.Add(header.Select((name, i) => (name, (object?)values[i])).ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal));
        }

        return new Table(header, rows);
    }

    public static Table Xlsx(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        var header = stream.GetColumns(useHeaderRow: true).Cast<string>().ToList();
        stream.Position = 0;
        var rows = stream.Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>()
            .Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(r, StringComparer.Ordinal))
            .ToList();
        return new Table(header, rows);
    }

    /// <summary>The first worksheet's XML.</summary>
    public static XElement SheetXml(byte[] workbook)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        return XElement.Load(sheet);
    }

    /// <summary>Every cell of column <paramref name="column"/> (A, B, …) below the header.</summary>
    public static IReadOnlyList<XElement> Cells(XElement sheet, string column) =>
        [.. sheet.Descendants(Sheet + "c").Where(c => (string?)c.Attribute("r") is { } r && r.StartsWith(column, StringComparison.Ordinal)
            && char.IsDigit(r[column.Length]) && r[column.Length..] != "1")];

    public static XName Name(string local) => Sheet + local;

    /// <summary>The column letter of the 0-based <paramref name="index"/>.</summary>
    public static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : Column((index / 26) - 1) + (char)('A' + (index % 26));
}
