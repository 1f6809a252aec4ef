using Backfill.Services.Backfill.Documents;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Engine;

/// <summary>The campaigns and flows a client's copy already holds, read back as catalog entries for a refresh.</summary>
internal sealed record StoredCatalog(IReadOnlyList<KlaviyoCampaign> Campaigns, IReadOnlyList<KlaviyoFlow> Flows)
{
    public static async Task<StoredCatalog> LoadAsync(IDocumentStore store, ClientId clientId, CancellationToken cancellationToken)
    {
        var campaigns = new List<KlaviyoCampaign>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.Campaigns(clientId)), cancellationToken))
        {
            campaigns.Add(CampaignDocument.ToCatalogEntry(document));
        }

        var flows = new List<KlaviyoFlow>();
        await foreach (var document in store.QueryAsync(Query.Collection(DataLayout.Flows(clientId)), cancellationToken))
        {
            flows.Add(FlowDocument.ToCatalogEntry(document));
        }

        return new StoredCatalog(campaigns, flows);
    }
}
