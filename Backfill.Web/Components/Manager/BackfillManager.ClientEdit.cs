using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>Editing a client: the add-client dialog in its edit mode, prefilled with the client's registration.</summary>
public sealed partial class BackfillManager
{
    private async Task EditClientAsync(BackfillStatus status)
    {
        var id = status.ClientId;
        if (await Commands.FindClientAsync(id) is not { } client)
        {
            Snackbar.Add(BackfillCommandResult.UnknownClient(id).Message, Severity.Warning);
            return;
        }

        var parameters = new DialogParameters<AddClientDialog>
        {
            { dialog => dialog.Editing, client },
            {
                dialog => dialog.Submit,
                edited => Commands.UpdateClientAsync(
                    id, new ClientEdit(edited.Name, edited.KlaviyoSecretName, edited.PlacedOrderMetricId, edited.RefreshLookbackDays), _lifetime.Token)
            },
            { dialog => dialog.Test, edited => Onboarding.TestAsync(edited, _lifetime.Token) },

            // Its own name is not a look-alike of itself.
            { dialog => dialog.ExistingClients, [.. (_board?.Statuses ?? []).Where(s => s.ClientId != id).Select(s => (s.ClientId, s.ClientName))] },
        };
        var dialog = await Dialogs.ShowAsync<AddClientDialog>($"Edit {status.ClientName}", parameters, DialogDefaults);
        if (await dialog.Result is { Canceled: false, Data: NewClient saved })
        {
            Snackbar.Add($"Saved {saved.Name} ({id}).", Severity.Success);
        }
    }
}
