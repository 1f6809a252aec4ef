using System.Runtime.CompilerServices;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Runs a query over the scanned candidates. A <c>__name__</c>-only ordering streams in scan order and stops at
/// the end cursor or the limit; any other ordering keeps a bounded top-k heap when there is a limit, otherwise
/// sorts only the matching documents.
/// </summary>
internal static class QueryExecutor
{
    public static async IAsyncEnumerable<Document> RunAsync(
        SqliteDocumentDatabase database, Query query, bool project, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var plan = new QueryPlan(query);
        var limit = query.Limit ?? int.MaxValue;
        if (limit == 0)
        {
            yield break;
        }

        using var connection = database.OpenReader();
        var candidates = DocumentScanner.ScanAsync(connection, plan, cancellationToken);
        if (plan.NameOnly)
        {
            var count = 0;
            await foreach (var document in candidates)
            {
                if (plan.AfterEnd(document))
                {
                    yield break;
                }

                if (plan.BeforeStart(document) || !plan.MatchesFilters(document))
                {
                    continue;
                }

                yield return project ? FieldProjection.Project(document, query.Select) : document;
                if (++count >= limit)
                {
                    yield break;
                }
            }

            yield break;
        }

        IEnumerable<Document> results;
        if (query.Limit is { } k)
        {
            results = await TopAsync(candidates, plan, k);
        }
        else
        {
            var matching = new List<Document>();
            await foreach (var document in candidates)
            {
                if (Qualifies(plan, document))
                {
                    matching.Add(document);
                }
            }

            matching.Sort(plan);
            results = matching;
        }

        foreach (var document in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return project ? FieldProjection.Project(document, query.Select) : document;
        }
    }

    /// <summary>
    /// The query's results in no particular order, streamed: what an aggregation without a limit needs. Only a
    /// limit makes the order matter (it decides which documents count), and then the ordered path is used.
    /// </summary>
    public static async IAsyncEnumerable<Document> RunUnorderedAsync(
        SqliteDocumentDatabase database, Query query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (query.Limit is not null)
        {
            await foreach (var document in RunAsync(database, query, project: false, cancellationToken))
            {
                yield return document;
            }

            yield break;
        }

        var plan = new QueryPlan(query);
        using var connection = database.OpenReader();
        await foreach (var document in DocumentScanner.ScanAsync(connection, plan, cancellationToken))
        {
            if (Qualifies(plan, document))
            {
                yield return document;
            }
        }
    }

    private static bool Qualifies(QueryPlan plan, Document document) =>
        plan.MatchesFilters(document) && !plan.BeforeStart(document) && !plan.AfterEnd(document);

    /// <summary>The first <paramref name="limit"/> results, holding at most that many documents.</summary>
    private static async Task<List<Document>> TopAsync(IAsyncEnumerable<Document> candidates, QueryPlan plan, int limit)
    {
        // A max-heap on the query order: its root is the worst document kept, replaced by anything better.
        var heap = new PriorityQueue<Document, Document>(Comparer<Document>.Create((a, b) => plan.Compare(b, a)));
        await foreach (var document in candidates)
        {
            if (!Qualifies(plan, document))
            {
                continue;
            }

            if (heap.Count < limit)
            {
                heap.Enqueue(document, document);
            }
            else if (plan.Compare(document, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(document, document);
            }
        }

        var result = new List<Document>(heap.Count);
        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }

        result.Reverse();
        return result;
    }
}
