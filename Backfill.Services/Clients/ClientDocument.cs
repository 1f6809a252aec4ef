using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary><c>clients/{client_id}</c> ↔ <see cref="ClientRecord"/>.</summary>
internal static class ClientDocument
{
    public static IReadOnlyDictionary<string, object?> ToFields(ClientRecord client) => new Dictionary<string, object?>
    {
        ["client_id"] = client.Id.Value,
        ["name"] = client.Name,
        ["klaviyo_secret_name"] = client.KlaviyoSecretName,
        ["placed_order_metric_id"] = client.PlacedOrderMetricId,
        ["sandbox_account"] = client.SandboxAccount,
        ["refresh_lookback_days"] = client.RefreshLookbackDays,
        ["created_at"] = client.CreatedAt,
        ["updated_at"] = client.UpdatedAt,
    };

    /// <summary>Null for a document whose id is not a valid client id (written by something else).</summary>
    public static ClientRecord? FromDocument(Document document)
    {
        if (!ClientId.TryParse(document.Id, out var id, out _))
        {
            return null;
        }

        var f = document.Fields;
        return new ClientRecord(
            id,
            f.String("name") ?? id.Value,
            f.String("klaviyo_secret_name"),
            f.String("placed_order_metric_id"),
            f.Bool("sandbox_account"),
            f.Time("created_at") ?? document.CreateTime,
            f.Time("updated_at") ?? document.UpdateTime)
        {
            RefreshLookbackDays = f.NullableInt("refresh_lookback_days"),
        };
    }
}
