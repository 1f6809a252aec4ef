using Backfill.Services.Klaviyo;

namespace Backfill.Services.Backfill.Engine;

/// <summary>The account's campaigns and flows, listed once per run, and which campaign a message dimension belongs to.</summary>
internal sealed class MessageCatalog
{
    private readonly Dictionary<string, KlaviyoCampaign> _campaignByMessage = new(StringComparer.Ordinal);

    private MessageCatalog(IReadOnlyList<KlaviyoCampaign> campaigns, IReadOnlyList<KlaviyoFlow> flows)
    {
        Campaigns = campaigns;
        Flows = flows;
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

    public IReadOnlyList<KlaviyoFlow> Flows { get; }

    public IReadOnlyDictionary<string, KlaviyoFlow> FlowsById { get; }

    public KlaviyoCampaign? CampaignFor(string messageOrCampaignId) =>
        _campaignByMessage.TryGetValue(messageOrCampaignId, out var campaign) ? campaign : null;

    public static async Task<MessageCatalog> LoadAsync(IKlaviyoClient client, CancellationToken cancellationToken)
    {
        var campaigns = new List<KlaviyoCampaign>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var campaign in client.GetCampaignsAsync(cancellationToken))
        {
            // A campaign with messages on two channels is listed once per channel; keep the first.
            if (seen.Add(campaign.Id))
            {
                campaigns.Add(campaign);
            }
        }

        var flows = new List<KlaviyoFlow>();
        seen.Clear();
        await foreach (var flow in client.GetFlowsAsync(cancellationToken))
        {
            if (seen.Add(flow.Id))
            {
                flows.Add(flow);
            }
        }

        return new MessageCatalog(campaigns, flows);
    }
}
