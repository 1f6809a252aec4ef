using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Resilience;

/// <summary>
/// The automatic retries of a run, beside its history entry: <c>backfill_status/{client_id}/runs/{run_id}/auto_retries/{n}</c>
/// (the run document itself is rewritten from the status with every save, so they live in their own documents).
/// </summary>
public static class AutoRetryHistory
{
    public static CollectionPath Collection(ClientId client, string runId) => DataLayout.Run(client, runId).Collection("auto_retries");

    public static Write Record(ClientId client, string runId, int retry, string error, DateTimeOffset failedAt, DateTimeOffset retryAt) =>
        Write.Set(
            Collection(client, runId).Document(retry.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)),
            new Dictionary<string, object?>
            {
                ["retry"] = retry,
                ["error"] = error,
                ["failed_at"] = failedAt,
                ["retry_at"] = retryAt,
            });

    /// <summary>The recorded retries of a run, oldest first.</summary>
    public static async Task<IReadOnlyList<(int Retry, string Error, DateTimeOffset? FailedAt)>> ListAsync(
        IDocumentStore store, ClientId client, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var retries = new List<(int, string, DateTimeOffset?)>();
        await foreach (var document in store.QueryAsync(Query.Collection(Collection(client, runId)), cancellationToken))
        {
            retries.Add((
                document.Fields.TryGetValue("retry", out var n) && n is long l ? (int)l : 0,
                document.Fields.TryGetValue("error", out var e) ? e as string ?? "" : "",
                document.Fields.TryGetValue("failed_at", out var at) ? at as DateTimeOffset? : null));
        }

        return [.. retries.OrderBy(r => r.Item1)];
    }
}
