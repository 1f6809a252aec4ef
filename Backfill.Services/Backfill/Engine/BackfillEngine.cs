using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Backfill.Refunds;
using Backfill.Services.Backfill.Validation;
using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Backfill.Engine;

/// <summary>
/// One run of one client's backfill, from the day after its checkpoint to the end of its range. Fetches smart (lists
/// once, reports in the largest windows Klaviyo allows, orders as one time-ordered stream) and writes day by day,
/// oldest first, checkpointing as chunks of days land. Safe to run again: every document id is a Klaviyo id or a date.
/// </summary>
internal sealed partial class BackfillEngine(
    IDocumentStore store,
    IKlaviyoClientFactory klaviyoClients,
    KlaviyoAccountResolver accounts,
    TimeProvider timeProvider,
    IOptions<BackfillOptions> options,
    IOptions<RefreshOptions> refreshOptions,
    Validation.CopyValidator validator,
    Telemetry.BackfillMetrics metrics,
    ILogger<BackfillEngine> logger)
{
    public async Task RunAsync(ClientRecord client, IBackfillJobProgress job, CancellationToken cancellationToken)
    {
        var context = await accounts.ResolveAsync(client, cancellationToken);
        var klaviyo = klaviyoClients.Create(context);
        var requestsBefore = job.Status.KlaviyoRequests;
        var throttledBefore = job.Status.KlaviyoThrottled;
        BackfillStatus Counted(BackfillStatus s) => s with
        {
            KlaviyoRequests = requestsBefore + klaviyo.Statistics.Requests,
            KlaviyoThrottled = throttledBefore + klaviyo.Statistics.Throttled,
        };

        try
        {
            await RunAsync(client, job, klaviyo, Counted, cancellationToken);
        }
        finally
        {
            // A failed or rate-limited attempt still spent requests; the next attempt counts on from here.
            job.Update(Counted);
        }
    }

    private async Task RunAsync(
        ClientRecord client, IBackfillJobProgress job, IKlaviyoClient klaviyo, Func<BackfillStatus, BackfillStatus> counted, CancellationToken cancellationToken)
    {
        job.Update(s => s with { Phase = "reading the Klaviyo account" });
        var account = await klaviyo.GetAccountAsync(cancellationToken);
        var timeZone = DayRange.FindTimeZone(account.TimeZone);
        var yesterday = DayRange.Yesterday(timeProvider.GetUtcNow(), timeZone);
        if (job.Status.RangeStart is null || job.Status.RangeEnd is null)
        {
            var (start, end) = RunRange.For(job.Status.Parameters, job.Status.Coverage, yesterday, refreshOptions.Value.LookbackDays);
            var days = RunRange.Days(job.Status.Parameters, start, end).Days;
            job.Update(s => s with { RangeStart = start, RangeEnd = end, TotalDays = days });
        }

        var rangeStart = job.Status.RangeStart!.Value;
        var rangeEnd = job.Status.RangeEnd!.Value;
        var resumeFrom = job.Status.LastCompletedDate is { } checkpoint && checkpoint >= rangeStart ? checkpoint.AddDays(1) : rangeStart;
        job.Update(s => counted(s) with { TimeZone = account.TimeZone, Currency = account.Currency, Phase = "finding the Placed Order metric, listing campaigns and flows" });
        await job.SaveAsync(cancellationToken);

        // Independent requests to different endpoints, so side by side; both awaited, so neither is left running.
        var listedAt = timeProvider.GetUtcNow();
        var metricFound = klaviyo.FindPlacedOrderMetricAsync(client.PlacedOrderMetricId, cancellationToken);
        var catalogLoaded = LoadCatalogAsync(client.Id, klaviyo, job.Status.Parameters.Kind, listedAt, cancellationToken);
        await Task.WhenAll(metricFound, catalogLoaded);
        var placedOrder = await metricFound
            ?? throw new BackfillException("The Klaviyo account has no \"Placed Order\" metric, so there are no orders or conversions to copy.");
        var catalog = await catalogLoaded;
        job.Update(s => counted(s) with { Campaigns = catalog.Campaigns.Count, Flows = catalog.Flows.Count, Phase = "fetching reports" });
        LogPlan(client.Id.Value, rangeStart, rangeEnd, resumeFrom, catalog.Campaigns.Count, catalog.Flows.Count);

        // Totals always describe the whole coverage (never just this run's days), the partial today aside.
        var lastWholeDay = rangeEnd < yesterday ? rangeEnd : yesterday;
        var totalsCoverage = job.Status.Coverage.DailyStatistics.Add(rangeStart, lastWholeDay);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var totals = WriteCampaignsAndFlowsAsync(client.Id, klaviyo, catalog, listedAt, totalsCoverage, placedOrder.Id, stop.Token);
        var validationDays = RunRange.Days(job.Status.Parameters, rangeStart, lastWholeDay);
        var validationWindows = KlaviyoDailyOrders.Windows(validationDays);
        var prefetched = job.Status.Parameters.IncludeOrders && validationWindows is [var (windowFirst, windowLast)]
            ? new PrefetchedKlaviyoDays(
                windowFirst,
                windowLast,
                KlaviyoDailyOrders.FetchAsync(klaviyo, placedOrder.Id, timeZone, DayRanges.Empty.Add(windowFirst, windowLast), stop.Token))
            : null;
        try
        {
            // A re-sync writes its dates span by span (never the gaps between them); every other run is one span.
            var runDays = RunRange.Days(job.Status.Parameters, rangeStart, rangeEnd);
            var rereads = job.Status.Parameters.Kind is RunKind.Refresh or RunKind.Resync;
            foreach (var span in runDays.Where(s => s.Last >= resumeFrom))
            {
                var plan = new DayPlan(
                    span.First, resumeFrom > span.First ? resumeFrom : span.First, span.Last, yesterday, job.Status.Coverage.Orders, rereads, runDays);
                await WriteDaysAsync(client.Id, klaviyo, job, catalog, placedOrder, timeZone, account.Currency, plan, counted, stop.Token);
            }

            job.Update(s => counted(s) with { Phase = "writing campaign and flow totals" });
            await totals;
        }
        catch
        {
            // Do not leave the totals request running (or its failure unobserved) behind a failed run.
            await stop.CancelAsync();
            await totals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (prefetched is not null)
            {
                await ((Task)prefetched.Days).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw;
        }

        job.Update(s => counted(s) with
        {
            Phase = job.Status.Parameters.IncludeOrders ? "validating against Klaviyo" : null,
            CurrentDate = null,
            Eta = null,
            Coverage = s.Coverage with { Totals = s.Coverage.Totals.Union(totalsCoverage) },
        });
        if (job.Status.Parameters.IncludeOrders)
        {
            await ValidateWrittenDaysAsync(client.Id, klaviyo, placedOrder.Id, timeZone, validationDays, prefetched, cancellationToken);
            job.Update(s => counted(s) with { Phase = null });
        }
    }

    /// <summary>
    /// Checks the days this run wrote against Klaviyo's own aggregates. A failure to validate is logged, never fails
    /// the run: the copy is written; validating again on demand tells the rest.
    /// </summary>
    private async Task ValidateWrittenDaysAsync(
        ClientId clientId,
        IKlaviyoClient klaviyo,
        string placedOrderMetricId,
        TimeZoneInfo timeZone,
        DayRanges days,
        PrefetchedKlaviyoDays? prefetched,
        CancellationToken cancellationToken)
    {
        try
        {
            await validator.ValidateAsync(clientId, klaviyo, placedOrderMetricId, timeZone, days, cancellationToken, prefetched);
        }
        catch (Exception e) when (e is KlaviyoException or StoreException or BackfillException or HttpRequestException or TimeoutException)
        {
            LogValidationFailed(e, clientId.Value);
        }
    }

    private async Task WriteDaysAsync(
        ClientId clientId,
        IKlaviyoClient klaviyo,
        IBackfillJobProgress job,
        MessageCatalog catalog,
        KlaviyoMetric placedOrder,
        TimeZoneInfo timeZone,
        string currency,
        DayPlan plan,
        Func<BackfillStatus, BackfillStatus> counted,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (first, last) = (plan.ResumeFrom, plan.RangeEnd);
        var includeOrders = job.Status.Parameters.IncludeOrders;
        var campaignStatistics = await CampaignDailyStatistics.CreateAsync(klaviyo, placedOrder, includeOrders, cancellationToken);
        await using var flowDays = new DailyFeed<IReadOnlyDictionary<string, FlowDay>>(
            DayRange.Windows(first, last, FlowDailyStatistics.MaxWindowDays),
            (from, to, ct) => FlowDailyStatistics.FetchWindowAsync(klaviyo, from, to, placedOrder.Id, ct),
            cancellationToken);
        // A campaign window is a year: its aggregates are fetched when the writer reaches it, not a year ahead. Read
        // ahead, a 10-year run held two years of campaign statistics and parsed the next year's answers beside the
        // days being written (a 1-year run has one window, fetched at its start); the wait is a few requests a year.
        await using var campaignDays = new DailyFeed<IReadOnlyDictionary<string, MessageStatistics>>(
            DayRange.Windows(first, last, CampaignDailyStatistics.MaxWindowDays),
            (from, to, ct) => campaignStatistics.FetchWindowAsync(klaviyo, catalog, from, to, timeZone, ct),
            cancellationToken,
            readAhead: 0);

        // Never ask Klaviyo about a time after now: with today included, its events are read up to this moment.
        var readAt = timeProvider.GetUtcNow();
        var eventsEnd = DayRange.UtcStart(last.AddDays(1), timeZone);
        long futureDated = 0;
        var events = includeOrders
            ? klaviyo.GetEventsInParallelSlicesAsync(
                placedOrder.Id, DayRange.UtcStart(first, timeZone), eventsEnd < readAt ? eventsEnd : readAt, settings.EventSliceParallelism, cancellationToken)
                .Select(e =>
                {
                    if (e.Datetime > readAt)
                    {
                        Interlocked.Increment(ref futureDated);
                    }

                    return e;
                })
            : AsyncEnumerable.Empty<KlaviyoEvent>();
        await using var orders = new OrderDayReader(events, timeZone, currency, cancellationToken);

        // The refunds must be in hand before the first day is written; the order stream's first pages need not wait for
        // them. Both are awaited (even when one fails) so the stream is never disposed while a page is being read.
        var refundsRead = includeOrders ? OpenRefundsAsync(klaviyo, job, plan, timeZone, readAt, cancellationToken) : Task.FromResult(RefundFeed.None);
        await Task.WhenAll(refundsRead, orders.PrimeAsync());
        await using var refundFeed = await refundsRead;
        await refundFeed.ReadThroughAsync(RefundsReadBefore(first, timeZone));
        var refunds = refundFeed.Book;

        var started = timeProvider.GetTimestamp();
        var daysThisRun = 0;
        long unchanged = 0;
        var statusWrites = new StatusWriteCoalescer(job, timeProvider, settings.StatusWriteInterval, cancellationToken);
        await using var writer = new CheckpointedDayWriter(
            store, clientId, timeProvider, settings.CheckpointWrites, settings.CheckpointInterval,
            async (chunk, ct) =>
            {
                metrics.Written(clientId.Value, chunk.Orders, chunk.Documents);
                daysThisRun += chunk.Days;
                var elapsed = timeProvider.GetElapsedTime(started);
                var remaining = last.DayNumber - chunk.LastDay.DayNumber;

                // Every day from the range's start to the checkpoint is written by this run (across its attempts);
                // the partial today is not covered, so the next refresh reads it again.
                var covered = chunk.LastDay < plan.Yesterday ? chunk.LastDay : plan.Yesterday;
                job.Update(s => counted(s) with
                {
                    LastCompletedDate = chunk.LastDay,
                    DaysCompleted = plan.RunDays.CountThrough(chunk.LastDay),
                    Orders = s.Orders + chunk.Orders,
                    SkippedEvents = s.SkippedEvents + chunk.Skipped,
                    DeletedOrders = s.DeletedOrders + chunk.Deleted,
                    FutureDatedEvents = s.FutureDatedEvents + Interlocked.Exchange(ref futureDated, 0),
                    RevenueByCurrency = Add(s.RevenueByCurrency, chunk.Revenue),
                    Eta = remaining == 0 ? null : timeProvider.GetUtcNow() + elapsed / daysThisRun * remaining,
                    Coverage = s.Coverage with
                    {
                        DailyStatistics = s.Coverage.DailyStatistics.Add(plan.RangeStart, covered),
                        Orders = includeOrders ? s.Coverage.Orders.Add(plan.RangeStart, covered) : s.Coverage.Orders,
                    },
                });
                await statusWrites.SaveAsync();
            },
            cancellationToken);

        // One day as the lookahead reads it (its orders from the stream and their refunds, one day after the other)...
        async Task<DayContent> ReadDayAsync(DateOnly day)
        {
            var dayOrders = await orders.ReadDayAsync(day);
            await refundFeed.ReadThroughAsync(RefundsReadBefore(day, timeZone));
            return new DayContent(day, dayOrders, null, null, catalog, currency)
            {
                IncludeOrders = includeOrders,
                Partial = day > plan.Yesterday,
                Refunds = refunds.Take(dayOrders.Orders.Select(o => o.Order.EventId)),
            };
        }

        // ...and prepares it while the next day is read: the stored orders Klaviyo no longer returns, and every order
        // made ready to store (those read unchanged let go). Its statistics come when it is written.
        var leaveUnchanged = job.Status.Parameters.Kind == RunKind.Refresh;
        async Task<DayContent> PrepareDayAsync(DayContent day, CancellationToken ct)
        {
            var stored = includeOrders && plan.MayHoldStoredOrders(day.Day)
                ? await StoredDayOrders.ReadAsync(store, clientId, day.Day, day.Orders, leaveUnchanged, ct)
                : StoredDayOrders.None;
            return (day with { DeletedOrderIds = stored.NotIn(day.Orders), UnchangedOrders = stored.Unchanged })
                .WithOrdersPrepared(clientId, timeProvider.GetUtcNow());
        }

        // Refunds of orders placed well before these days (a refresh reads weeks of them): applied to the stored orders
        // while the days are written, never to a day this pass writes. Those it does not find wait for the last pass.
        var early = refunds.Remaining.Where(p => refunds.OrderDate(p.Key) is { } date && date.AddDays(1) < first).ToList();
        var earlyDates = early.ToDictionary(p => p.Key, p => refunds.OrderDate(p.Key), StringComparer.Ordinal);
        using var stopEarly = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var earlyRefunds = early.Count == 0
            ? Task.FromResult(AppliedRefunds.None)
            : Task.Run(
                () => RefundsOfStoredOrders.WriteAsync(
                    store, clientId, early, id => earlyDates.GetValueOrDefault(id), timeProvider.GetUtcNow(), stopEarly.Token, parkUnmatched: false),
                CancellationToken.None);
        try
        {
            // A refresh's days are read and prepared ahead (DayLookahead) while its first day waits for the statistics;
            // a backfill's wait on the reporting API's windows, not on this work, so its days are read one at a time
            // and hold no more memory than one day's (a ten-year run no more than a one-year run).
            await using var days = leaveUnchanged
                ? new DayLookahead<DayContent>(
                    first,
                    last,
                    ReadDayAsync,
                    PrepareDayAsync,
                    settings.LookaheadDays,
                    settings.LookaheadOrders,
                    static day => day.OrdersToWrite,
                    cancellationToken)
                : null;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var current = day;
                job.Update(s => s with { CurrentDate = current, Phase = $"fetching {DataLayout.FormatDate(current)}" });
                var prepared = days is not null ? await days.ReadAsync(cancellationToken) : await PrepareDayAsync(await ReadDayAsync(day), cancellationToken);
                var flows = await flowDays.GetAsync(day, cancellationToken);
                var campaigns = await campaignDays.GetAsync(day, cancellationToken);
                if (prepared.DeletedOrderIds.Count > 0)
                {
                    LogDeleted(clientId.Value, current, prepared.DeletedOrderIds.Count);
                }

                job.Update(s => s with { Phase = $"writing {DataLayout.FormatDate(current)}" });
                var content = prepared with
                {
                    Campaigns = includeOrders
                        ? CampaignConversions.AddTo(campaigns ?? new Dictionary<string, MessageStatistics>(), prepared.Orders.Orders.Select(o => o.Order), catalog)
                        : campaigns,
                    Flows = flows,
                };
                await writer.WriteDayAsync(content);
                unchanged += content.UnchangedWritesLeftOut;
                foreach (var skipped in content.Unstorable)
                {
                    LogUnstorable(clientId.Value, current, skipped.SkipReason!);
                }
            }

            job.Update(s => s with { Phase = "finishing writes" });
            await writer.CompleteAsync();
            await statusWrites.FlushAsync();
        }
        catch
        {
            await stopEarly.CancelAsync();
            await ((Task)earlyRefunds).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        var appliedEarly = await earlyRefunds;
        refunds.Take(appliedEarly.Found);

        // Read as the days advanced, the last day's read-ahead already reaches past now (a range ends yesterday or
        // today); should it not, the rest of the window goes to the last pass with the other remaining refunds.
        await refundFeed.ReadToEndAsync();
        job.Update(s => s with { Phase = $"applying {refunds.Remaining.Count:N0} refunds to orders outside the range" });
        var applied = await RefundsOfStoredOrders.WriteAsync(store, clientId, refunds.Remaining, refunds.OrderDate, timeProvider.GetUtcNow(), cancellationToken);
        job.Update(s => s with { UnmatchedRefunds = applied.Unmatched });
        if (unchanged > 0)
        {
            LogUnchanged(clientId.Value, unchanged);
        }
        if (orders.OutOfOrder > 0)
        {
            LogOutOfOrder(clientId.Value, orders.OutOfOrder);
        }
    }

    /// <summary>
    /// A refresh lists only what Klaviyo changed since the last listing (less a day, so an edit made while that listing
    /// ran is not missed) over the stored catalog, unless the last full listing is <c>FullRelistDays</c> old; every
    /// other run, and a client whose copy was never listed or was cleared, lists everything.
    /// </summary>
    private async Task<MessageCatalog> LoadCatalogAsync(
        ClientId clientId, IKlaviyoClient klaviyo, RunKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (kind == RunKind.Refresh)
        {
            var (listedAt, fullyListedAt) = CatalogListingDocument.FromDocument(await store.GetAsync(DataLayout.KlaviyoData(clientId), cancellationToken));
            if (listedAt is { } last && fullyListedAt is { } full && now - full < TimeSpan.FromDays(refreshOptions.Value.FullRelistDays))
            {
                var stored = await StoredCatalog.LoadAsync(store, clientId, cancellationToken);
                return await MessageCatalog.LoadChangesAsync(klaviyo, stored, last.AddDays(-1), cancellationToken);
            }
        }

        return await MessageCatalog.LoadAsync(klaviyo, cancellationToken);
    }

    private async Task WriteCampaignsAndFlowsAsync(
        ClientId clientId,
        IKlaviyoClient klaviyo,
        MessageCatalog catalog,
        DateTimeOffset listedAt,
        DayRanges coverage,
        string metricId,
        CancellationToken cancellationToken)
    {
        var totals = await RangeTotals.FetchAsync(klaviyo, coverage, metricId, cancellationToken);
        var (first, last) = (coverage.First!.Value, coverage.Last!.Value);
        var now = timeProvider.GetUtcNow();
        var goneCampaigns = catalog.IsFull
            ? await GoneFromKlaviyoAsync(DataLayout.Campaigns(clientId), catalog.Campaigns.Select(c => c.Id), cancellationToken)
            : [];
        var goneFlows = catalog.IsFull ? await GoneFromKlaviyoAsync(DataLayout.Flows(clientId), catalog.Flows.Select(f => f.Id), cancellationToken) : [];
        await using var writer = store.CreateBulkWriter();
        foreach (var campaign in catalog.Campaigns)
        {
            var statistics = totals.Campaigns.GetValueOrDefault(campaign.Id) ?? MessageStatistics.Zero;
            var path = DataLayout.Campaign(clientId, campaign.Id);

            // A stored entry Klaviyo did not list again keeps its attributes; only the statistics are this run's.
            await writer.AddAsync(
                catalog.IsListed(campaign)
                    ? Write.Set(path, CampaignDocument.ToFields(campaign, statistics, first, last, metricId, now))
                    : Write.Merge(path, CampaignDocument.StatisticsFields(statistics, first, last, metricId, now), CampaignDocument.StatisticsFieldPaths),
                cancellationToken);
        }

        foreach (var flow in catalog.Flows)
        {
            var statistics = totals.Flows.GetValueOrDefault(flow.Id) ?? MessageStatistics.Zero;
            var messages = totals.FlowMessages.GetValueOrDefault(flow.Id) ?? [];
            var path = DataLayout.Flow(clientId, flow.Id);
            await writer.AddAsync(
                catalog.IsListed(flow)
                    ? Write.Set(path, FlowDocument.ToFields(flow, statistics, messages, first, last, metricId, now))
                    : Write.Merge(path, FlowDocument.StatisticsFields(statistics, messages, first, last, metricId, now), FlowDocument.StatisticsFieldPaths),
                cancellationToken);
        }

        await writer.AddAsync(
            Write.Merge(DataLayout.KlaviyoData(clientId), CatalogListingDocument.ToFields(listedAt, catalog.IsFull), CatalogListingDocument.FieldPaths(catalog.IsFull)),
            cancellationToken);

        // Kept, never deleted: their history is still the client's; marked so readers can tell.
        foreach (var path in goneCampaigns.Select(id => DataLayout.Campaign(clientId, id)).Concat(goneFlows.Select(id => DataLayout.Flow(clientId, id))))
        {
            await writer.AddAsync(Write.Merge(path, DeletedInKlaviyo(now), [FieldPath.Of("deleted_in_klaviyo"), FieldPath.Of("deleted_in_klaviyo_at")]), cancellationToken);
        }

        var summary = await writer.CloseAsync(cancellationToken);
        if (!summary.AllSucceeded)
        {
            throw new BackfillException(
                $"{summary.Failures.Count} campaign/flow writes failed; first: {summary.Failures[0].Path}: {summary.Failures[0].Error?.Message}");
        }
    }

    /// <summary>Stored ids (names only) that Klaviyo's full listing no longer has.</summary>
    private async Task<IReadOnlyList<string>> GoneFromKlaviyoAsync(CollectionPath collection, IEnumerable<string> listed, CancellationToken cancellationToken)
    {
        var current = listed.ToHashSet(StringComparer.Ordinal);
        var gone = new List<string>();
        await foreach (var document in store.QueryAsync(Query.Collection(collection).SelectFields(), cancellationToken))
        {
            if (!current.Contains(document.Id))
            {
                gone.Add(document.Id);
            }
        }

        return gone;
    }

    private static Dictionary<string, object?> DeletedInKlaviyo(DateTimeOffset now) => new()
    {
        ["deleted_in_klaviyo"] = true,
        ["deleted_in_klaviyo_at"] = now,
    };

    private static Dictionary<string, decimal> Add(IReadOnlyDictionary<string, decimal> left, IReadOnlyDictionary<string, decimal> right)
    {
        var sum = new Dictionary<string, decimal>(left, StringComparer.Ordinal);
        foreach (var (currency, amount) in right)
        {
            sum[currency] = sum.GetValueOrDefault(currency) + amount;
        }

        return sum;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId}: {RangeStart} to {RangeEnd}, from {ResumeFrom}; {Campaigns} campaigns, {Flows} flows")]
    private partial void LogPlan(string clientId, DateOnly rangeStart, DateOnly rangeEnd, DateOnly resumeFrom, int campaigns, int flows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId}: the written days could not be validated against Klaviyo")]
    private partial void LogValidationFailed(Exception exception, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId}: {Count} orders of {Day} are no longer in Klaviyo; removed from the copy")]
    private partial void LogDeleted(string clientId, DateOnly day, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backfill {ClientId}: {Count} orders read again were unchanged and not rewritten")]
    private partial void LogUnchanged(string clientId, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId}: an order of {Day} cannot be stored and was recorded under skipped: {Reason}")]
    private partial void LogUnstorable(string clientId, DateOnly day, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill {ClientId}: {Count} events arrived out of time order and were not written")]
    private partial void LogOutOfOrder(string clientId, long count);
}
