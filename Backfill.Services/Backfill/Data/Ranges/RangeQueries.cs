using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Data.Ranges;

/// <summary>Reads a client's summary and rollups once and reports one range of them.</summary>
public sealed class RangeQueries(BackfillDataQueries queries, TimeProvider timeProvider)
{
    /// <summary>
    /// The report of <paramref name="from"/>..<paramref name="to"/> (each defaults to the copy's first or last covered
    /// day), or null when no such client is registered.
    /// </summary>
    public async Task<RangeReport?> GetAsync(ClientId clientId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var rollups = await queries.GetDailyRollupsAsync(clientId, cancellationToken);
        if (await queries.GetSummaryAsync(clientId, rollups, cancellationToken) is not { } summary)
        {
            return null;
        }

        // A client with nothing copied yet, asked for no dates: yesterday (UTC), an empty day, never the calendar's first
        // day (whose previous period does not exist).
        var end = to ?? summary.EndDate ?? from ?? DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime).AddDays(-1);
        var range = new DayRange(from ?? summary.StartDate ?? end, end);
        return RangeReport.Build(range, rollups, summary.Currency, summary.StartDate, summary.EndDate);
    }
}
