using Backfill.Services.Backfill.Documents;

namespace Backfill.Web.Components.DataViewer;

/// <summary>A campaign or a flow as the viewer's grids and charts show it: one shape for both tabs.</summary>
public sealed record MessageRow(string Id, string Name, string? Status, string? Kind, MessageStatistics Statistics)
{
    public static MessageRow From(CampaignSummary campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new(campaign.Id, campaign.Name, campaign.Status, campaign.Channel, campaign.Statistics);
    }

    public static MessageRow From(FlowSummary flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return new(flow.Id, flow.Name, flow.Status, flow.TriggerType, flow.Statistics);
    }
}
