using System.Text;
using System.Text.Json;
using Backfill.Services.Clients.Onboarding;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>The "Import clients" dialog: dry run on choosing the file, then the import of the valid rows in one step.</summary>
public sealed partial class ImportClientsDialog
{
    /// <summary>The API's limit too: 1 MiB of CSV.</summary>
    private const long MaxBytes = 1024 * 1024;

    private string? _csv;
    private string? _fileName;
    private string? _problem;
    private ClientImportResult? _result;
    private bool _busy;
    private bool _imported;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    /// <summary>Checks (<c>dryRun</c>) or imports the CSV text: the page's guarded import.</summary>
    [Parameter, EditorRequired]
    public required Func<string, bool, Task<ClientImportAnswer>> Import { get; set; }

    private int ValidCount => _result is { DryRun: true } r ? r.Count(ClientImportOutcome.Valid) : 0;

    private async Task FileChosenAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _fileName = file.Name;
        _result = null;
        _problem = null;
        if (file.Size > MaxBytes)
        {
            _problem = $"The file is larger than {MaxBytes / 1024} KiB; import it in parts.";
            return;
        }

        _busy = true;
        try
        {
            await using var stream = file.OpenReadStream(MaxBytes);
            using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true));
            _csv = await reader.ReadToEndAsync();
            await RunAsync(dryRun: true);
        }
        catch (DecoderFallbackException)
        {
            _problem = "The file must be UTF-8 text.";
        }
        catch (IOException e)
        {
            _problem = $"Could not read the file: {e.Message}";
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ImportAsync()
    {
        if (_csv is null || _busy)
        {
            return;
        }

        _busy = true;
        try
        {
            // The rows are checked again: a client registered since the dry run is a duplicate now, not a second copy.
            await RunAsync(dryRun: false);
            _imported = _result is not null;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RunAsync(bool dryRun)
    {
        try
        {
            var answer = await Import(_csv!, dryRun);
            _problem = answer.Refusal;
            _result = answer.Result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _problem = $"Could not {(dryRun ? "check" : "import")} the file: {Backfill.Services.Logging.SecretRedactor.Redact(e.Message)}";
        }
    }

    private void Close() => Dialog.Close(DialogResult.Ok(_result));

    private static string Summary(ClientImportResult r) =>
        r.DryRun
            ? $"{r.Rows.Count} rows: {r.Count(ClientImportOutcome.Valid)} valid, {r.Count(ClientImportOutcome.Invalid)} invalid, "
              + $"{r.Count(ClientImportOutcome.Duplicate)} duplicate, {r.Count(ClientImportOutcome.ConnectionFailed)} failed the connection test. Nothing is saved yet."
            : $"Imported {r.Count(ClientImportOutcome.Imported)} clients; {r.Count(ClientImportOutcome.Refused)} refused, "
              + $"{r.Rows.Count - r.Count(ClientImportOutcome.Imported) - r.Count(ClientImportOutcome.Refused)} skipped.";

    private static string Wire(ClientImportOutcome outcome) => JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());

    private static string OutcomeText(ClientImportOutcome outcome) => outcome switch
    {
        ClientImportOutcome.ConnectionFailed => "connection failed",
        _ => Wire(outcome),
    };

    private static string OutcomeClass(ClientImportOutcome outcome) => outcome switch
    {
        ClientImportOutcome.Valid or ClientImportOutcome.Imported => "mud-success-text",
        ClientImportOutcome.Duplicate => "mud-warning-text",
        _ => "mud-error-text",
    };
}
