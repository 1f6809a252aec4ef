using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Data;

/// <summary>
/// Reads a client's backfilled data for the API and the data viewer. Summaries read the per-day rollups (one document
/// per day, never every order); order pages use keyset cursors, so page 1,000 costs what page 1 costs.
/// </summary>
public sealed class BackfillDataQueries(IDocumentStore store, ClientRegistry clients)
{
    public const int MaxPageSize = 1000;

    /// <summary>The summary, or null when no such client is registered.</summary>
    public Task<BackfillSummary?> GetSummaryAsync(ClientId clientId, CancellationToken cancellationToken) =>
        GetSummaryAsync(clientId, null, cancellationToken);

    /// <summary>
    /// The summary of <paramref name="rollups"/> when the caller has just read them (the data viewer reads them anyway,
    /// and with breakdowns a year of rollups is worth reading once), else of the rollups read here.
    /// </summary>
    public async Task<BackfillSummary?> GetSummaryAsync(ClientId clientId, IReadOnlyList<DailyRollup>? rollups, CancellationToken cancellationToken)
    {
        if (await clients.GetAsync(clientId, cancellationToken) is not { } client)
        {
            return null;
        }

        var statusTask = store.GetAsync(DataLayout.BackfillStatus(clientId), cancellationToken);
        var campaignsTask = store.AggregateAsync(Query.Collection(DataLayout.Campaigns(clientId)), [Aggregation.Count()], cancellationToken);
        var flowsTask = store.AggregateAsync(Query.Collection(DataLayout.Flows(clientId)), [Aggregation.Count()], cancellationToken);
        rollups ??= await GetDailyRollupsAsync(clientId, cancellationToken);
        var status = await statusTask is { } document ? BackfillStatusDocument.FromDocument(clientId, client.Name, document) : null;

        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var orders = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var rollup in rollups)
        {
            foreach (var (currency, amount) in rollup.RevenueByCurrency)
            {
                revenue[currency] = revenue.GetValueOrDefault(currency) + amount;
            }

            foreach (var (currency, count) in rollup.OrdersByCurrency)
            {
                orders[currency] = orders.GetValueOrDefault(currency) + count;
            }
        }

        // The range is what the copy covers (every run's days), not the last run's; copies made before coverage was
        // recorded fall back to the rollups that exist.
        var covered = status?.Coverage.Any;
        var mainCurrency = status?.Currency
            ?? rollups.Select(r => r.MainCurrency).LastOrDefault(c => c.Length > 0)
            ?? orders.OrderByDescending(o => o.Value).Select(o => o.Key).FirstOrDefault()
            ?? "USD";
        var mainRevenue = revenue.GetValueOrDefault(mainCurrency);
        var mainOrders = orders.GetValueOrDefault(mainCurrency);
        var refunded = rollups.Sum(r => r.Refunded(mainCurrency));
        return new BackfillSummary(
            clientId.Value,
            client.Name,
            (await campaignsTask).Count(),
            (await flowsTask).Count(),
            rollups.Sum(r => r.Orders),
            mainCurrency,
            mainRevenue,
            mainOrders == 0 ? 0 : Math.Round(mainRevenue / mainOrders, 2, MidpointRounding.AwayFromZero),
            revenue,
            orders,
            rollups.Count(r => r.Orders > 0),
            covered is { IsEmpty: false } ? covered.Days : rollups.Count,
            covered is { IsEmpty: false } ? covered.First : rollups.Count > 0 ? rollups[0].Date : null,
            covered is { IsEmpty: false } ? covered.Last : rollups.Count > 0 ? rollups[^1].Date : null,
            status?.State ?? BackfillState.NotStarted,
            status?.Percent ?? 0)
        {
            Validation = Summarize([.. rollups.Select(r => r.Validation).OfType<Validation.DayCheck>()]),
            RefundedRevenue = refunded,
            NetRevenue = mainRevenue - refunded,
            NetAverageOrderValue = mainOrders == 0 ? 0 : Math.Round((mainRevenue - refunded) / mainOrders, 2, MidpointRounding.AwayFromZero),
        };
    }

    /// <summary>What the latest validations of the client's days found (from the rollups, where each day's outcome is kept).</summary>
    public async Task<Validation.ValidationSummary> GetValidationAsync(ClientId clientId, CancellationToken cancellationToken)
    {
        // Streamed, totals only: every day's outcome is on its rollup, and only the differing days are kept.
        var checkedDays = 0;
        DateTimeOffset? validatedAt = null;
        var mismatched = new List<Validation.DayCheck>();
        var query = Query.Collection(DataLayout.DailyRollups(clientId)) with { Select = DailyRollupFields.Totals };
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            if (DailyRollup.FromDocument(document).Validation is { } check)
            {
                checkedDays++;
                validatedAt = validatedAt is { } latest && latest >= check.ValidatedAt ? latest : check.ValidatedAt;
                if (!check.Match)
                {
                    mismatched.Add(check);
                }
            }
        }

        return checkedDays == 0 ? Validation.ValidationSummary.None : new Validation.ValidationSummary(checkedDays, mismatched, validatedAt);
    }

    private static Validation.ValidationSummary Summarize(IReadOnlyList<Validation.DayCheck> checks) =>
        checks.Count == 0
            ? Validation.ValidationSummary.None
            : new Validation.ValidationSummary(checks.Count, [.. checks.Where(c => !c.Match)], checks.Max(c => c.ValidatedAt));

    /// <summary>Every backfilled day's rollup, oldest first.</summary>
    public Task<IReadOnlyList<DailyRollup>> GetDailyRollupsAsync(ClientId clientId, CancellationToken cancellationToken) =>
        ReadAllAsync(DataLayout.DailyRollups(clientId), DailyRollup.FromDocument, cancellationToken);

    /// <summary>
    /// Every backfilled day's rollup without its breakdowns (<see cref="DailyRollup.Breakdown"/> is null), oldest first:
    /// what totals, charts and comparisons need, at a tenth of the read.
    /// </summary>
    public Task<IReadOnlyList<DailyRollup>> GetDailyTotalsAsync(ClientId clientId, CancellationToken cancellationToken) =>
        ReadAllAsync(Query.Collection(DataLayout.DailyRollups(clientId)) with { Select = DailyRollupFields.Totals }, DailyRollup.FromDocument, cancellationToken);

    /// <summary>
    /// Orders of one day (or of the whole range when <paramref name="date"/> is null) by time placed, <paramref name="limit"/>
    /// per page; <paramref name="pageToken"/> is the previous page's <see cref="OrdersPage.NextPageToken"/>.
    /// </summary>
    public async Task<OrdersPage> GetOrdersAsync(ClientId clientId, DateOnly? date, int limit, string? pageToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var collection = date is { } day ? DataLayout.DailyOrders(clientId, day) : DataLayout.Orders(clientId);
        var filter = Query.Collection(collection);
        var totals = store.AggregateAsync(filter, [Aggregation.Count(), Aggregation.Sum(FieldPath.Of("value"))], cancellationToken);

        var page = filter.OrderByField(FieldPath.Of("placed_at")).WithLimit(limit + 1);
        if (!string.IsNullOrEmpty(pageToken))
        {
            var (placedAt, id) = DecodeToken(pageToken);
            page = page.StartAfterValues(placedAt, collection.Document(id));
        }

        var orders = new List<StoredOrder>(limit + 1);
        await foreach (var document in store.QueryAsync(page, cancellationToken))
        {
            orders.Add(OrderDocument.FromDocument(document));
        }

        string? next = null;
        if (orders.Count > limit)
        {
            orders.RemoveAt(limit);
            next = EncodeToken(orders[^1].Order.PlacedAtUtc, orders[^1].DocumentId);
        }

        var result = await totals;
        return new OrdersPage(
            clientId.Value, date, result.Count(), Math.Round((decimal)result.Sum(), 2, MidpointRounding.AwayFromZero), orders, next);
    }

    /// <summary>
    /// Every order of one day by time placed (the order <see cref="GetOrdersAsync"/> pages in), in one query and
    /// without the totals: a day's copy is small, and a reader of all of it needs no page tokens.
    /// </summary>
    public async IAsyncEnumerable<StoredOrder> GetDayOrdersAsync(
        ClientId clientId, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = Query.Collection(DataLayout.DailyOrders(clientId, day)).OrderByField(FieldPath.Of("placed_at"));
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            yield return OrderDocument.FromDocument(document);
        }
    }

    public Task<IReadOnlyList<CampaignSummary>> GetCampaignsAsync(ClientId clientId, CancellationToken cancellationToken) =>
        ReadAllAsync(DataLayout.Campaigns(clientId), CampaignDocument.FromDocument, cancellationToken);

    public Task<IReadOnlyList<FlowSummary>> GetFlowsAsync(ClientId clientId, CancellationToken cancellationToken) =>
        ReadAllAsync(DataLayout.Flows(clientId), FlowDocument.FromDocument, cancellationToken);

    /// <summary>A campaign's statistics per active day, read in one round trip for the given days.</summary>
    public Task<IReadOnlyList<DailyMessageStatistics>> GetCampaignSeriesAsync(
        ClientId clientId, string campaignId, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken) =>
        ReadSeriesAsync([.. days.Select(d => DataLayout.DailyCampaign(clientId, d, campaignId))], cancellationToken);

    /// <summary>A flow's statistics per active day, read in one round trip for the given days.</summary>
    public Task<IReadOnlyList<DailyMessageStatistics>> GetFlowSeriesAsync(
        ClientId clientId, string flowId, IReadOnlyList<DateOnly> days, CancellationToken cancellationToken) =>
        ReadSeriesAsync([.. days.Select(d => DataLayout.DailyFlow(clientId, d, flowId))], cancellationToken);

    /// <summary>Every campaign with activity on <paramref name="day"/>, with that day's statistics (one query).</summary>
    public IAsyncEnumerable<(string Id, MessageStatistics Statistics)> GetDayCampaignStatisticsAsync(
        ClientId clientId, DateOnly day, CancellationToken cancellationToken) =>
        ReadDayStatisticsAsync(DataLayout.DailyCampaigns(clientId, day), cancellationToken);

    /// <summary>Every flow with activity on <paramref name="day"/>, with that day's statistics (one query).</summary>
    public IAsyncEnumerable<(string Id, MessageStatistics Statistics)> GetDayFlowStatisticsAsync(
        ClientId clientId, DateOnly day, CancellationToken cancellationToken) =>
        ReadDayStatisticsAsync(DataLayout.DailyFlows(clientId, day), cancellationToken);

    private async IAsyncEnumerable<(string Id, MessageStatistics Statistics)> ReadDayStatisticsAsync(
        CollectionPath collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in store.QueryAsync(Query.Collection(collection), cancellationToken))
        {
            yield return (document.Id, DailyDocuments.ReadStatistics(document).Statistics);
        }
    }

    private Task<IReadOnlyList<T>> ReadAllAsync<T>(CollectionPath collection, Func<Document, T> read, CancellationToken cancellationToken) =>
        ReadAllAsync(Query.Collection(collection), read, cancellationToken);

    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(Query query, Func<Document, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            items.Add(read(document));
        }

        return items;
    }

    private async Task<IReadOnlyList<DailyMessageStatistics>> ReadSeriesAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var documents = await store.GetAllAsync(paths, cancellationToken);
        return [.. documents.OfType<Document>().Select(DailyDocuments.ReadStatistics).OrderBy(s => s.Date)];
    }

    private static string EncodeToken(DateTimeOffset placedAt, string documentId)
    {
        var micros = (placedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(micros.ToString(CultureInfo.InvariantCulture) + ":" + documentId));
    }

    private static (DateTimeOffset PlacedAt, string DocumentId) DecodeToken(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new InvalidPageTokenException("page_token is not a token this API issued");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > 253_402_300_799_000_000 || !PathSegments.IsValid(text[(colon + 1)..]))
        {
            throw new InvalidPageTokenException("page_token is not a token this API issued");
        }

        return (DateTimeOffset.UnixEpoch.AddTicks(micros * 10), text[(colon + 1)..]);
    }
}
