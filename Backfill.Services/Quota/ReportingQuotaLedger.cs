using Backfill.Services.Alerts;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Quota;

/// <summary>
/// The reporting-quota ledger: per client (one Klaviyo account) and UTC day, the reporting calls we made, kept in the
/// store so it survives restarts and is shared by every run and every instance. Counts are atomic increments, so
/// two processes spending the same day's budget never lose a call.
/// </summary>
public sealed partial class ReportingQuotaLedger(
    IDocumentStore store,
    TimeProvider timeProvider,
    IOptions<ReportingQuotaOptions> options,
    IServiceProvider services,
    ILogger<ReportingQuotaLedger> logger,
    ReportingQuotaReadings? readings = null)
{
    public int Budget => options.Value.DailyBudget;

    /// <summary>The next 00:00 UTC after <paramref name="now"/>: when a new day's budget starts.</summary>
    public static DateTimeOffset NextReset(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    /// <summary>Today's (UTC) entry of the client.</summary>
    public async Task<ReportingQuotaDay> GetAsync(ClientId client, CancellationToken cancellationToken = default) =>
        (await GetAllAsync([client], cancellationToken))[0];

    /// <summary>Today's entries of several clients in one read, in the order asked.</summary>
    public async Task<IReadOnlyList<ReportingQuotaDay>> GetAllAsync(IReadOnlyList<ClientId> clients, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var now = timeProvider.GetUtcNow();
        var today = Today(now);
        if (clients.Count == 0)
        {
            return [];
        }

        var documents = await store.GetAllAsync([.. clients.Select(c => ReportingQuotaLayout.Day(c, today))], cancellationToken);
        IReadOnlyList<ReportingQuotaDay> days = [.. clients.Select((client, i) => new ReportingQuotaDay(
            client,
            today,
            documents[i]?.Fields.Long("used") ?? 0,
            Budget,
            documents[i]?.Fields.Bool("exhausted") ?? false,
            NextReset(now)))];
        foreach (var day in days)
        {
            readings?.Observe(day);
        }

        return days;
    }

    /// <summary>Counts <paramref name="calls"/> reporting requests Klaviyo accepted for the client today.</summary>
    public async Task RecordAsync(ClientId client, int calls = 1, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var today = Today(now);
        await store.CommitAsync([Write.Increment(ReportingQuotaLayout.Day(client, today), new Dictionary<string, long> { ["used"] = calls }, Fields(client, today, now))], cancellationToken);
        var day = await GetAsync(client, cancellationToken);
        if (day.Used == Budget)
        {
            // Exactly at the budget: this call spent the last one (later calls of an estimate that fell short see more).
            SignalExhausted(day);
        }
    }

    /// <summary>Klaviyo's own daily cap answered 429: nothing more today, whatever our count says.</summary>
    public async Task MarkExhaustedAsync(ClientId client, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var today = Today(now);
        var fields = new Dictionary<string, object?>(Fields(client, today, now)) { ["exhausted"] = true };
        await store.CommitAsync([Write.Merge(ReportingQuotaLayout.Day(client, today), fields)], cancellationToken);
        LogDailyCap(client.Value, NextReset(now));
        SignalExhausted(await GetAsync(client, cancellationToken));
    }

    /// <summary>Raises the "reporting budget ran out" alert until the day's end; it resolves itself then.</summary>
    public void SignalExhausted(ReportingQuotaDay day)
    {
        ArgumentNullException.ThrowIfNull(day);

        // Looked up, not injected: the alert monitor watches the coordinator, which uses this ledger.
        foreach (var signals in services.GetServices<IAlertSignals>())
        {
            signals.ReportingBudgetExhausted(day.ClientId, day.ResetsAt);
        }
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    private Dictionary<string, object?> Fields(ClientId client, DateOnly today, DateTimeOffset now) => new()
    {
        ["client_id"] = client.Value,
        ["date"] = DataLayout.FormatDate(today),
        ["budget"] = Budget,
        ["updated_at"] = now,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Klaviyo's daily reporting cap answered 429 for {ClientId}; no reporting calls until {ResetsAt}")]
    private partial void LogDailyCap(string clientId, DateTimeOffset resetsAt);
}
