using Backfill.Services.Backfill.Documents;
using Backfill.Services.Orders;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// A day's campaign conversions counted from the day's orders, for runs that read every order anyway: each order
/// Klaviyo attributed to a campaign (or one of its messages) adds one conversion and its <c>$value</c>, and its profile
/// to the unique converters. These are the events Klaviyo's Placed Order aggregate by <c>$attributed_message</c>
/// counts, so the run needs one metric aggregate fewer per window, and every conversion on a campaign's day is an order
/// document a reader can find.
/// </summary>
internal static class CampaignConversions
{
    public static IReadOnlyDictionary<string, MessageStatistics> AddTo(
        IReadOnlyDictionary<string, MessageStatistics> engagement, IEnumerable<Order> orders, MessageCatalog catalog)
    {
        var conversions = new Dictionary<string, (long Count, HashSet<string> Profiles, long Anonymous, decimal Value)>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            if (order.Attribution is not { Kind: OrderAttributionKind.Campaign } attribution
                || (attribution.CampaignId ?? attribution.MessageId) is not { } key
                || catalog.CampaignFor(key) is not { } campaign)
            {
                continue;
            }

            var sum = conversions.TryGetValue(campaign.Id, out var s) ? s : (0, new HashSet<string>(StringComparer.Ordinal), 0, 0m);
            var anonymous = 0;
            if (order.Customer.ProfileId is { } profile)
            {
                sum.Profiles.Add(profile);
            }
            else
            {
                anonymous = 1;
            }

            conversions[campaign.Id] = (sum.Count + 1, sum.Profiles, sum.Anonymous + anonymous, sum.Value + order.Value);
        }

        if (conversions.Count == 0)
        {
            return engagement;
        }

        var merged = new Dictionary<string, MessageStatistics>(engagement, StringComparer.Ordinal);
        foreach (var (campaignId, (count, profiles, anonymous, value)) in conversions)
        {
            // Every Klaviyo event has a profile; an order read without one is counted as a converter of its own.
            var ordered = new MessageStatistics(Conversions: count, ConversionUniques: profiles.Count + anonymous, ConversionValue: value);
            merged[campaignId] = merged.TryGetValue(campaignId, out var statistics) ? statistics.Add(ordered) : ordered;
        }

        return merged;
    }
}
