namespace Backfill.Services.Backfill.Export;

/// <summary>
/// Several values in one cell (discount codes, line items, categories): one text cell joined by ';' in both formats.
/// CSV defuses each value on its own, because a spreadsheet that splits the cell on ';' would otherwise run the second.
/// </summary>
public readonly record struct ExportList(IReadOnlyList<string> Values)
{
    public static ExportList Of(IEnumerable<string> values) => new([.. values]);

    // MiniExcel writes a value of a type it does not know as its text.
    public override string ToString() => string.Join(';', Values ?? []);
}
