using Backfill.Services.Alerts;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Backfill.Validation;

/// <summary>
/// Compares the stored order count and revenue per currency of every given day with Klaviyo's Placed Order aggregates,
/// and records the outcome on each day's rollup (<c>klaviyo_orders</c>, <c>klaviyo_revenue</c>, <c>validated_at</c>,
/// <c>match</c>), merged so nothing else of the rollup changes.
/// </summary>
public sealed partial class CopyValidator(
    IDocumentStore store,
    IKlaviyoClientFactory klaviyoClients,
    KlaviyoAccountResolver accounts,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILogger<CopyValidator> logger)
{
    /// <summary>Days whose stored orders are counted at the same time.</summary>
    private const int StoredDayReads = 4;

    // What validation compares of a rollup: a rollup is kilobytes with its breakdowns, and 300 of them are read at once.
    private static readonly IReadOnlyList<FieldPath> RollupFields = [FieldPath.Of("orders"), FieldPath.Of("revenue_by_currency")];

    private static readonly IReadOnlyList<FieldPath> ValidationFields =
        [
            FieldPath.Of("klaviyo_orders"), FieldPath.Of("klaviyo_revenue"), FieldPath.Of("validated_orders"), FieldPath.Of("validated_revenue"),
            FieldPath.Of("validated_at"), FieldPath.Of("match"),
        ];

    /// <summary>Validates <paramref name="days"/> of a client with a Klaviyo client of its own (on demand).</summary>
    public async Task<ValidationTally> ValidateAsync(ClientRecord client, DayRanges days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var klaviyo = klaviyoClients.Create(await accounts.ResolveAsync(client, cancellationToken));
        var account = await klaviyo.GetAccountAsync(cancellationToken);
        var placedOrder = await klaviyo.FindPlacedOrderMetricAsync(client.PlacedOrderMetricId, cancellationToken)
            ?? throw new BackfillException("The Klaviyo account has no \"Placed Order\" metric to validate against.");
        return await ValidateAsync(client.Id, klaviyo, placedOrder.Id, DayRange.FindTimeZone(account.TimeZone), days, cancellationToken);
    }

    /// <summary>
    /// Validates <paramref name="days"/> with a run's own Klaviyo client (after the run). Window by window (Klaviyo's
    /// aggregates of a year, then that year's days checked and their outcomes written): what is held is a window's,
    /// whatever the range, and the requests are the ones a whole-range fetch would send.
    /// </summary>
    /// <param name="prefetched">Klaviyo's side of one window, already asked for (used when the window is one of these).</param>
    internal async Task<ValidationTally> ValidateAsync(
        ClientId clientId,
        IKlaviyoClient klaviyo,
        string placedOrderMetricId,
        TimeZoneInfo timeZone,
        DayRanges days,
        CancellationToken cancellationToken,
        PrefetchedKlaviyoDays? prefetched = null)
    {
        if (days.IsEmpty)
        {
            return ValidationTally.None;
        }

        var now = timeProvider.GetUtcNow();
        var tally = ValidationTally.None;
        await using var writer = store.CreateBulkWriter();
        foreach (var (windowFirst, windowLast) in KlaviyoDailyOrders.Windows(days))
        {
            var klaviyoDays = prefetched is { } ahead && ahead.First == windowFirst && ahead.Last == windowLast
                ? await ahead.Days.WaitAsync(cancellationToken)
                : await KlaviyoDailyOrders.FetchAsync(klaviyo, placedOrderMetricId, timeZone, DayRanges.Empty.Add(windowFirst, windowLast), cancellationToken);
            for (var first = windowFirst; first <= windowLast; first = first.AddDays(300))
            {
                var last = first.AddDays(299) < windowLast ? first.AddDays(299) : windowLast;
                var paths = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(i => DataLayout.DailyRollup(clientId, first.AddDays(i))).ToList();
                var rollups = await store.GetAllAsync(paths, RollupFields, cancellationToken);

                // A few days' queries at once: each is a round trip to Firestore (a week checked after a refresh was
                // seven of them one after the other). What is held is two figures a day.
                var storedDays = new (long Orders, Dictionary<string, decimal> Revenue)[paths.Count];
                var chunkFirst = first;
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, paths.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = StoredDayReads, CancellationToken = cancellationToken },
                    async (i, token) => storedDays[i] = await StoredDayAsync(clientId, chunkFirst.AddDays(i), token));
                for (var i = 0; i < paths.Count; i++)
                {
                    var day = first.AddDays(i);
                    var rollup = rollups[i]?.Fields;
                    var (storedOrders, storedRevenue) = storedDays[i];
                    var (orders, revenue) = klaviyoDays.TryGetValue(day, out var k) ? k : (0L, new Dictionary<string, decimal>());

                    // The documents are the copy; the rollup is what summaries show. A rollup that disagrees with its
                    // day's documents (a document changed or deleted behind the app's back) is shown as the stored side.
                    var (rollupOrders, rollupRevenue) = rollup is null ? (0L, []) : (rollup.Long("orders"), rollup.MoneyMap("revenue_by_currency"));
                    var rollupAgrees = rollup is not null
                        && new DayCheck(day, storedOrders, storedRevenue, rollupOrders, rollupRevenue, now).Match;
                    var check = new DayCheck(day, storedOrders, storedRevenue, orders, revenue, now);
                    if (rollup is not null && !rollupAgrees)
                    {
                        LogRollupDisagrees(clientId.Value, day);
                        if (check.Match)
                        {
                            check = check with { StoredOrders = rollupOrders, StoredRevenue = rollupRevenue };
                        }
                    }

                    tally = tally.With(check);
                    await writer.AddAsync(Write.Merge(paths[i], DailyRollup.ValidationFieldsOf(check), ValidationFields), cancellationToken);
                }

                // Each stretch of days lands before the next is read: a writer holds what it has not committed (the
                // embedded store's, up to 5,000 writes), so ten years' outcomes held until the end outweighed the
                // rest of a 10-year run. A day's outcome is visible as soon as its stretch is checked.
                await writer.FlushAsync(cancellationToken);
            }
        }

        var summary = await writer.CloseAsync(cancellationToken);
        if (!summary.AllSucceeded)
        {
            throw new BackfillException($"{summary.Failures.Count} validation results could not be stored; first: {summary.Failures[0].Error?.Message}");
        }

        LogValidated(clientId.Value, tally.CheckedDays, tally.MismatchedDays);

        // The alert speaks for the whole copy, not only the days just checked: an empty list resolves it. The signals
        // are looked up here, not injected: the alert monitor watches the coordinator, whose engine validates, so a
        // constructor dependency would be a cycle (it deadlocked the host's start).
        var alerts = services.GetServices<IAlertSignals>().ToList();
        if (alerts.Count > 0)
        {
            var mismatched = await MismatchedDays.ListAsync(store, clientId, cancellationToken);
            foreach (var signals in alerts)
            {
                signals.ValidationMismatch(clientId, mismatched);
            }
        }

        return tally;
    }

    /// <summary>Count and revenue per currency of the day's stored order documents (two fields of each, nothing else).</summary>
    private async Task<(long Orders, Dictionary<string, decimal> Revenue)> StoredDayAsync(ClientId clientId, DateOnly day, CancellationToken cancellationToken)
    {
        long orders = 0;
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var query = Query.Collection(DataLayout.DailyOrders(clientId, day)).SelectFields(FieldPath.Of("value"), FieldPath.Of("currency"));
        await foreach (var order in store.QueryAsync(query, cancellationToken))
        {
            orders++;
            var currency = order.Fields.String("currency") ?? "";
            revenue[currency] = revenue.GetValueOrDefault(currency) + (order.Fields.Money("value") ?? 0);
        }

        return (orders, revenue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Validating {ClientId}: the rollup of {Day} does not match its order documents")]
    private partial void LogRollupDisagrees(string clientId, DateOnly day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Validated {ClientId} against Klaviyo: {Days} days checked, {Mismatched} differ")]
    private partial void LogValidated(string clientId, int days, int mismatched);
}
