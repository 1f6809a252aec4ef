using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.History;

/// <summary>Reads a client's run history, newest first, a page at a time (the page token is the last run id shown).</summary>
public sealed class RunHistory(IDocumentStore store)
{
    private static readonly FieldPath RunIdField = FieldPath.Of("run_id");

    public async Task<RunPage> ListAsync(ClientId client, int limit, string? afterRunId, CancellationToken cancellationToken)
    {
        // By the run_id field (equal to the document id), not by __name__: Firestore serves a descending order of a
        // field from its automatic single-field index, while a descending key scan is refused.
        var query = Query.Collection(DataLayout.Runs(client))
            .OrderByField(RunIdField, Direction.Descending)
            .WithLimit(limit + 1);
        if (afterRunId is not null)
        {
            query = query.StartAfterValues(afterRunId);
        }

        var runs = new List<RunRecord>(limit + 1);
        await foreach (var document in store.QueryAsync(query, cancellationToken))
        {
            runs.Add(RunDocument.FromDocument(document));
        }

        // One more than asked tells whether another page exists without a count.
        return runs.Count > limit ? new RunPage(runs[..limit], runs[limit - 1].RunId) : new RunPage(runs, null);
    }
}

/// <summary>A page of runs and the token of the next page, or null on the last.</summary>
public sealed record RunPage(IReadOnlyList<RunRecord> Runs, string? NextPageToken);
