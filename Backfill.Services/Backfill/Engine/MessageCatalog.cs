using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// The account's campaigns and flows, listed once per run, and which campaign a message dimension belongs to. A full
/// catalog came from Klaviyo's whole listing; a refresh's catalog may be the stored one with what Klaviyo changed
/// since the last listing laid over it (<see cref="IsListed"/> tells which entries Klaviyo returned this run).
/// </summary>
internal sealed class MessageCatalog
{
    private readonly Dictionary<string, KlaviyoCampaign> _campaignByMessage = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _listedCampaigns;
    private readonly HashSet<string>? _listedFlows;

    private MessageCatalog(
        IReadOnlyList<KlaviyoCampaign> campaigns, IReadOnlyList<KlaviyoFlow> flows, HashSet<string>? listedCampaigns = null, HashSet<string>? listedFlows = null)
    {
        Campaigns = campaigns;
        Flows = flows;
        _listedCampaigns = listedCampaigns;
        _listedFlows = listedFlows;
        FlowsById = flows.GroupBy(f => f.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var campaign in campaigns)
        {
            // Klaviyo reports a campaign's engagement under the campaign id or one of its message ids, depending on the metric.
            _campaignByMessage.TryAdd(campaign.Id, campaign);
            foreach (var message in campaign.Messages)
            {
                _campaignByMessage.TryAdd(message.Id, campaign);
            }
        }
    }

    public IReadOnlyList<KlaviyoCampaign> Campaigns { get; }

    /// <summary>True when Klaviyo listed everything this run, so what it did not list is gone from Klaviyo.</summary>
    public bool IsFull => _listedCampaigns is null;

    /// <summary>Whether Klaviyo returned this campaign this run (always, for a full catalog).</summary>
    public bool IsListed(KlaviyoCampaign campaign) => _listedCampaigns is null || _listedCampaigns.Contains(campaign.Id);

    /// <summary>Whether Klaviyo returned this flow this run (always, for a full catalog).</summary>
    public bool IsListed(KlaviyoFlow flow) => _listedFlows is null || _listedFlows.Contains(flow.Id);

    public IReadOnlyList<KlaviyoFlow> Flows { get; }

    public IReadOnlyDictionary<string, KlaviyoFlow> FlowsById { get; }

    public KlaviyoCampaign? CampaignFor(string messageOrCampaignId) =>
        _campaignByMessage.TryGetValue(messageOrCampaignId, out var campaign) ? campaign : null;

    public static async Task<MessageCatalog> LoadAsync(IKlaviyoClient client, CancellationToken cancellationToken)
    {
        // Campaigns and flows are separate endpoints with separate rate limits: listed side by side.
        var campaignListing = FirstOfEachAsync(client.GetCampaignsAsync(cancellationToken), c => c.Id, cancellationToken);
        var flowListing = FirstOfEachAsync(client.GetFlowsAsync(cancellationToken), f => f.Id, cancellationToken);
        await Task.WhenAll(campaignListing, flowListing);
        return new MessageCatalog((await campaignListing).Items, (await flowListing).Items);
    }

    /// <summary>
    /// The stored catalog with the campaigns and flows Klaviyo changed after <paramref name="since"/> laid over it:
    /// four requests instead of eight. Archiving and deletion show only in a full listing.
    /// </summary>
    public static async Task<MessageCatalog> LoadChangesAsync(
        IKlaviyoClient client, StoredCatalog stored, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var campaignListing = FirstOfEachAsync(client.GetCampaignsUpdatedSinceAsync(since, cancellationToken), c => c.Id, cancellationToken);
        var flowListing = FirstOfEachAsync(client.GetFlowsUpdatedSinceAsync(since, cancellationToken), f => f.Id, cancellationToken);
        await Task.WhenAll(campaignListing, flowListing);
        var (campaigns, listedCampaigns) = await campaignListing;
        campaigns.AddRange(stored.Campaigns.Where(c => !listedCampaigns.Contains(c.Id)));
        var (flows, listedFlows) = await flowListing;
        flows.AddRange(stored.Flows.Where(f => !listedFlows.Contains(f.Id)));
        return new MessageCatalog(campaigns, flows, listedCampaigns, listedFlows);
    }

    /// <summary>
    /// The listing with each id once, first kept (a campaign with messages on two channels is listed once per channel),
    /// and the ids seen.
    /// </summary>
    private static async Task<(List<T> Items, HashSet<string> Ids)> FirstOfEachAsync<T>(
        IAsyncEnumerable<T> listing, Func<T, string> idOf, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in listing.WithCancellation(cancellationToken))
        {
            if (ids.Add(idOf(item)))
            {
                items.Add(item);
            }
        }

        return (items, ids);
    }
}
