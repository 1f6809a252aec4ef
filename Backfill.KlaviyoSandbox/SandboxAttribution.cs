namespace Backfill.KlaviyoSandbox;

/// <summary>What an attributed order points at, in every form the API exposes it.</summary>
internal sealed record SandboxAttributionTarget(
    string AttributionId,
    string AttributedEventId,
    SandboxCampaign? Campaign,
    SandboxFlowMessage? FlowMessage,
    string Channel)
{
    /// <summary>
    /// Value of the <c>$message</c>/<c>$attributed_message</c> dimension: Klaviyo's legacy convention is the
    /// campaign id for campaigns and the flow-message id for flows.
    /// </summary>
    public string MessageDimension => Campaign?.Id ?? FlowMessage!.Id;

    public string? FlowId => FlowMessage?.Flow.Id;

    public string UtmCampaign => Campaign?.Name ?? string.Concat(FlowMessage!.Flow.Name, " (", FlowMessage.Id, ")");

    public string UtmId => Campaign?.Id ?? FlowMessage!.Flow.Id;
}

internal static class SandboxAttribution
{
    public static SandboxAttributionTarget Resolve(SandboxCatalog catalog, SandboxOrder order)
    {
        var attributionId = SandboxIds.Hex32(SandboxRandom.HashString(order.Id));
        if (order.AttributionKind == SandboxAttributionKind.Campaign)
        {
            var campaign = catalog.Campaigns[order.AttributionIndex];
            var clickId = SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, SandboxRandom.HashString(campaign.Id), (ulong)order.Customer), 11);
            return new SandboxAttributionTarget(attributionId, clickId, campaign, null, campaign.SendChannel);
        }
        var message = catalog.FlowMessages[order.AttributionIndex];
        var eventId = SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, SandboxRandom.HashString(message.Id), (ulong)order.Customer), 11);
        return new SandboxAttributionTarget(attributionId, eventId, null, message, message.SendChannel);
    }
}
