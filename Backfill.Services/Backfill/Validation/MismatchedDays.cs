using Backfill.Services.Backfill.Documents;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// The days of a client's copy whose latest validation differs from Klaviyo, oldest first, read from the rollups as a
/// stream of their totals (no breakdowns): the validation alert needs the dates alone, not every day's rollup at once.
/// </summary>
internal static class MismatchedDays
{
    public static async Task<IReadOnlyList<DateOnly>> ListAsync(IDocumentStore store, ClientId clientId, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        var query = Query.Collection(DataLayout.DailyRollups(clientId)) with { Select = DailyRollupFields.Totals };
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            if (DailyRollup.FromDocument(document).Validation is { Match: false } check)
            {
                days.Add(check.Date);
            }
        }

        return days;
    }
}
