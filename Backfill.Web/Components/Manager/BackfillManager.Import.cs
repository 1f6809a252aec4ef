using Backfill.Services.Clients.Onboarding;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>Importing clients from a CSV: the dialog checks, then imports the valid rows; the grid shows them live.</summary>
public sealed partial class BackfillManager
{
    private async Task ImportClientsAsync()
    {
        var parameters = new DialogParameters<ImportClientsDialog>
        {
            { dialog => dialog.Import, (csv, dryRun) => Onboarding.ImportAsync(csv, dryRun, _lifetime.Token) },
        };
        var dialog = await Dialogs.ShowAsync<ImportClientsDialog>(
            "Import clients", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: ClientImportResult { DryRun: false } result })
        {
            var imported = result.Count(ClientImportOutcome.Imported);
            Snackbar.Add($"Imported {imported} {(imported == 1 ? "client" : "clients")}.", imported > 0 ? Severity.Success : Severity.Info);
        }
    }
}
