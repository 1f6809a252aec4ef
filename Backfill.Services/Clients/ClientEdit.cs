using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>
/// The editable part of a registered client (everything but its id, which names its stored data, and the sandbox flag):
/// validated by the same rules as registration (<see cref="NewClientValidator"/>).
/// </summary>
public sealed record ClientEdit(string? Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, int? RefreshLookbackDays)
{
    /// <summary>The values as they are now, for a dialog to start from.</summary>
    public static ClientEdit From(ClientRecord client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new(client.Name, client.KlaviyoSecretName, client.PlacedOrderMetricId, client.RefreshLookbackDays);
    }

    /// <summary>Field name (snake_case, as in the API) → problems; empty when the edit is valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate(ClientId id) => NewClientValidator.Validate(AsNewClient(id, sandboxAccount: false));

    /// <summary>The client as it would be registered with these values (what a connection test checks).</summary>
    public NewClient AsNewClient(ClientId id, bool sandboxAccount) =>
        new(id.Value, Name, KlaviyoSecretName, PlacedOrderMetricId, sandboxAccount) { RefreshLookbackDays = RefreshLookbackDays };

    /// <summary>True when the edit changes which key is used or which metric is copied: it needs a connection test.</summary>
    public bool ChangesConnection(ClientRecord client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return KlaviyoSecretName != client.KlaviyoSecretName || PlacedOrderMetricId != client.PlacedOrderMetricId;
    }
}
