using System.Text;

namespace Backfill.Services.Backfill.Export;

/// <summary>Writes export rows as CSV: a header of the column names, then one line per row as it arrives.</summary>
internal static class CsvExportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<long> WriteAsync<TRow>(IAsyncEnumerable<TRow> rows, Stream destination, CancellationToken cancellationToken)
    {
        var columns = ExportColumns<TRow>.All;
        await using var writer = new StreamWriter(destination, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', ExportColumns<TRow>.Names).AsMemory(), cancellationToken);
        var line = new StringBuilder(1024);
        long written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(CsvCells.Cell(columns[i].Property.GetValue(row)));
            }

            await writer.WriteLineAsync(line, cancellationToken);
            written++;
        }

        return written;
    }
}
