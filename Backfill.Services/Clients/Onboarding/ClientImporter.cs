using Backfill.Services.Backfill;
using Backfill.Services.Storage;
using CsvHelper;

namespace Backfill.Services.Clients.Onboarding;

/// <summary>
/// Onboards many clients from a CSV (<c>id,name,klaviyo_secret_name[,placed_order_metric_id]</c>): every row is
/// checked (hostile cells, field rules, duplicates) and connection-tested; a dry run stops there and changes nothing,
/// a real import registers the valid rows through the coordinator, one by one, as the add-client command would.
/// </summary>
public sealed class ClientImporter(IBackfillCoordinator coordinator, ClientConnectionTester tester)
{
    public const int MaxRows = 2000;
    private static readonly string[] Columns = ["id", "name", "klaviyo_secret_name", "placed_order_metric_id"];

    public async Task<ClientImportResult> ImportAsync(string csv, bool dryRun, CancellationToken cancellationToken)
    {
        var rows = Check(csv);
        var checkedRows = new List<ClientImportRow>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Outcome != ClientImportOutcome.Valid)
            {
                checkedRows.Add(row);
                continue;
            }

            var connection = await tester.TestAsync(row.Client, cancellationToken);
            checkedRows.Add(connection.Passed
                ? row with { Connection = connection }
                : row with { Outcome = ClientImportOutcome.ConnectionFailed, Reasons = [connection.Message], Connection = connection });
        }

        if (dryRun)
        {
            return new ClientImportResult(true, checkedRows);
        }

        var imported = new List<ClientImportRow>(checkedRows.Count);
        foreach (var row in checkedRows)
        {
            if (row.Outcome != ClientImportOutcome.Valid)
            {
                imported.Add(row);
                continue;
            }

            var added = await coordinator.AddClientAsync(row.Client, cancellationToken);
            imported.Add(added.Accepted
                ? row with { Outcome = ClientImportOutcome.Imported }
                : row with { Outcome = ClientImportOutcome.Refused, Reasons = [added.Message] });
        }

        return new ClientImportResult(false, imported);
    }

    /// <summary>Reads and checks every row without testing or changing anything.</summary>
    private List<ClientImportRow> Check(string csv)
    {
        var registered = coordinator.Board.Statuses.Select(s => s.ClientId).ToHashSet();
        var seen = new Dictionary<ClientId, int>();
        var rows = new List<ClientImportRow>();
        try
        {
            using var reader = CsvReader.FromText(csv, CsvReaderOptions.Default with { Separator = ',', MaxRecordSize = 16 * 1024 });
            var header = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (header.Count is < 3 or > 4 || !header.SequenceEqual(Columns.Take(header.Count)))
            {
                throw new ClientImportFileException($"The first line must be the header {string.Join(",", Columns[..3])}[,{Columns[3]}].");
            }

            var number = 0;
            foreach (var record in reader)
            {
                if (++number > MaxRows)
                {
                    throw new ClientImportFileException($"The file has more than {MaxRows} rows; import it in parts.");
                }

                var cells = new List<string>(record.FieldCount);
                for (var i = 0; i < record.FieldCount; i++)
                {
                    cells.Add(record.GetString(i));
                }

                rows.Add(CheckRow(number, header, cells, registered, seen));
            }
        }
        catch (ClientImportFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ClientImportFileException($"The file is not readable CSV: {e.GetType().Name}.");
        }

        return rows;
    }

    private static ClientImportRow CheckRow(int number, List<string> header, List<string> cells, HashSet<ClientId> registered, Dictionary<ClientId, int> seen)
    {
        string? Cell(int i) => i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i].Trim() : null;
        var client = new NewClient(Cell(0), Cell(1), Cell(2), header.Count > 3 ? Cell(3) : null);
        if (cells.Count != header.Count)
        {
            return new ClientImportRow(number, client, ClientImportOutcome.Invalid, [$"the row has {cells.Count} cells; the header has {header.Count}"]);
        }

        // Hostile cells are judged on the raw text (before trimming), so " =cmd" cannot slip past as "=cmd".
        var hostile = cells.Select((value, i) => ClientCsvCells.Problem(header[i], value.TrimStart(' '))).OfType<string>().ToList();
        if (hostile.Count > 0)
        {
            // Nothing of a hostile row is echoed but a harmless id, so a list of results cannot carry the payload further.
            var idIsSafe = ClientCsvCells.Problem(header[0], cells[0].TrimStart(' ')) is null && ClientId.TryParse(client.Id, out _, out _);
            return new ClientImportRow(number, new NewClient(idIsSafe ? client.Id : null, null), ClientImportOutcome.Invalid, hostile);
        }

        var errors = NewClientValidator.Validate(client);
        if (errors.Count > 0)
        {
            return new ClientImportRow(number, client, ClientImportOutcome.Invalid, [.. errors.SelectMany(e => e.Value)]);
        }

        var id = ClientId.Parse(client.Id!);
        if (registered.Contains(id))
        {
            return new ClientImportRow(number, client, ClientImportOutcome.Duplicate, [$"a client with id '{id}' is already registered"]);
        }

        if (seen.TryGetValue(id, out var first))
        {
            return new ClientImportRow(number, client, ClientImportOutcome.Duplicate, [$"the id '{id}' is already on row {first}"]);
        }

        seen[id] = number;
        return new ClientImportRow(number, client, ClientImportOutcome.Valid, []);
    }
}
