using System.Runtime.CompilerServices;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// Writes export rows as an xlsx workbook with MiniExcel: one sheet, a styled header row that stays in view (frozen) and
/// filters, numbers as numbers, dates and times as date cells, text as text cells (never formulas, whatever the text
/// starts with). Rows are pulled one at a time, and the written bytes go out every <see cref="DrainBytes"/>.
/// </summary>
internal static class XlsxExportWriter
{
    private const int DrainBytes = 64 * 1024;

    public static async Task<long> WriteAsync<TRow>(IAsyncEnumerable<TRow> rows, string sheetName, Stream destination, CancellationToken cancellationToken)
    {
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            // The text buffer before compression; MiniExcel's default (512 K characters) would hold back a megabyte.
            BufferSize = DrainBytes,
        };
        await using var spool = new SpoolStream(destination);
        var written = await spool.SaveAsAsync(
            DrainingBetween(rows, spool, cancellationToken), sheetName: sheetName, configuration: configuration, cancellationToken: cancellationToken);
        await spool.DrainAsync(cancellationToken);
        return written.Sum();
    }

    // MiniExcel awaits the next row, so that is where the collected bytes can be sent without blocking anything.
    private static async IAsyncEnumerable<TRow> DrainingBetween<TRow>(
        IAsyncEnumerable<TRow> rows, SpoolStream spool, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            if (spool.Pending >= DrainBytes)
            {
                await spool.DrainAsync(cancellationToken);
            }

            yield return row;
        }
    }
}
