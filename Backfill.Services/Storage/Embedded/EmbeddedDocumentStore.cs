using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// The document store in a local SQLite file, with Firestore's semantics (the same contract tests run against
/// both): lets the product run on any machine with only the .NET SDK. Thread-safe; keeps data across restarts.
/// </summary>
public sealed class EmbeddedDocumentStore : IDocumentStore, IDisposable, IAsyncDisposable
{
    private readonly SqliteDocumentDatabase database;
    private readonly TimeProvider time;
    private long lastTime;

    /// <summary>Opens (creating when missing) the database file at <paramref name="databasePath"/>.</summary>
    public EmbeddedDocumentStore(string databasePath, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        this.time = time ?? TimeProvider.System;
        try
        {
            database = new SqliteDocumentDatabase(databasePath);
        }
        catch (SqliteException e)
        {
            throw new StoreException(StoreErrorCode.Unavailable, $"cannot open the embedded database '{databasePath}': {e.Message}", inner: e);
        }

        Description = new StoreDescription("Embedded", database.FilePath);
    }

    public StoreDescription Description { get; }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => database.FilePath;

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        try
        {
            using var connection = database.OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM (SELECT 1 FROM documents LIMIT 1)";
            await command.ExecuteScalarAsync(cancellationToken);
            return new StoreHealth(true, null, time.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // Health checks report every failure instead of throwing.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new StoreHealth(false, e.Message, time.GetElapsedTime(started));
        }
    }

    public async Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
        (await GetAllAsync([path], cancellationToken))[0];

    public Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        GetAllAsync(paths, null, cancellationToken);

    public async Task<IReadOnlyList<Document?>> GetAllAsync(
        IReadOnlyList<DocumentPath> paths, IReadOnlyList<FieldPath>? fields, CancellationToken cancellationToken = default)
    {
        // With a mask, only the named top-level fields are decoded: the codec stores small fields first and stops early.
        var keep = fields?.Where(f => !f.IsDocumentId).Select(f => f.Segments[0]).ToHashSet(StringComparer.Ordinal);
        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = DocumentScanner.SelectByKey;
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var results = new Document?[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            key.Value = DocumentKey.Of(paths[i]);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            results[i] = !await reader.ReadAsync(cancellationToken) ? null
                : keep is null ? DocumentScanner.ReadDocument(reader)
                : FieldProjection.Project(DocumentScanner.ReadDocument(reader, keep), fields);
        }

        return results;
    }

    public async Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        RefuseInsertAfterWrite(writes);
        var prepared = writes.Select(PreparedWrite.Of).ToArray();
        await database.WriteAsync(
            commands =>
            {
                var now = Now();
                foreach (var write in prepared)
                {
                    WriteApplier.Apply(commands, write, now);
                }

                return true;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        RefuseInsertAfterWrite(writes);
        var prepared = writes.Select(PreparedWrite.Of).ToArray();
        return await database.WriteAsync<IReadOnlyList<DateTimeOffset>>(
            commands =>
            {
                var now = Now();
                var times = new DateTimeOffset[prepared.Length];
                for (var i = 0; i < prepared.Length; i++)
                {
                    WriteApplier.Apply(commands, prepared[i], now);
                    times[i] = FieldCodec.FromMicroseconds(commands.SelectUpdateTime(prepared[i].Key) ?? now);
                }

                return times;
            },
            cancellationToken);
    }

    /// <summary>
    /// Firestore refuses a commit that creates a document it already set, merged, updated or created earlier in the
    /// same request (a delete in between is fine); refusing it here too keeps the two stores interchangeable.
    /// </summary>
    private static void RefuseInsertAfterWrite(IReadOnlyList<Write> writes)
    {
        var written = new HashSet<DocumentPath>();
        foreach (var write in writes)
        {
            switch (write)
            {
                case CreateWrite when written.Contains(write.Path):
                    throw new StoreException(StoreErrorCode.InvalidArgument, "cannot write then create a document in the same request", write.Path.Value);
                case DeleteWrite:
                    written.Remove(write.Path);
                    break;
                default:
                    written.Add(write.Path);
                    break;
            }
        }
    }

    public async Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        var distinct = new HashSet<DocumentPath>();
        foreach (var write in writes)
        {
            if (!distinct.Add(write.Path))
            {
                throw new StoreException(
                    StoreErrorCode.InvalidArgument, "the same document cannot be written more than once in a single request", write.Path.Value);
            }
        }

        return await ApplyIndependentlyAsync(writes.Select(Prepare).ToArray(), cancellationToken);
    }

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) => new EmbeddedBulkWriter(this, options ?? new BulkWriterOptions());

    public IAsyncEnumerable<Document> QueryAsync(Query query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Like the Firestore client, an invalid query fails when enumerated, not at the call.
        return QueryExecutor.RunAsync(database, query, project: true, cancellationToken);
    }

    public async Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default)
    {
        var aliases = Aggregator.Validate(aggregations);
        _ = new QueryPlan(query);
        query = Aggregator.OrderByAggregatedFields(query, aggregations);
        var plan = new QueryPlan(query);
        if (aggregations.All(a => a.Kind == AggregationKind.Count) && plan.CountsInIndex)
        {
            using var connection = database.OpenReader();
            var count = await DocumentScanner.CountAsync(connection, plan, cancellationToken);
            return new AggregateResult(aliases.Select((alias, i) => (alias, (object?)(aggregations[i].UpTo is { } upTo ? Math.Min(count, upTo) : count)))
                .ToDictionary(p => p.alias, p => p.Item2, StringComparer.Ordinal));
        }

        return await Aggregator.RunAsync(QueryExecutor.RunUnorderedAsync(database, query, cancellationToken), aggregations, aliases);
    }

    public async Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default)
    {
        // Skip-scan the key index: each step finds the next key under the parent, takes the collection id right
        // below it, then jumps past every key of that collection. Finds collections under phantom parents too.
        var prefix = parent is null ? "" : DocumentKey.Of(parent) + DocumentKey.Separator;
        var high = parent is null ? null : DocumentKey.Of(parent) + DocumentKey.AfterSeparator;
        using var connection = database.OpenReader();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = high is null
            ? "SELECT key FROM documents WHERE key >= $low ORDER BY key LIMIT 1"
            : "SELECT key FROM documents WHERE key >= $low AND key < $high ORDER BY key LIMIT 1";
        var low = command.Parameters.AddWithValue("$low", prefix);
        if (high is not null)
        {
            command.Parameters.AddWithValue("$high", high);
        }

        var ids = new List<string>();
        while (await command.ExecuteScalarAsync(cancellationToken) is string key)
        {
            var end = key.IndexOf(DocumentKey.Separator, prefix.Length);
            var id = key[prefix.Length..end];
            ids.Add(id);
            low.Value = prefix + id + DocumentKey.AfterSeparator;
        }

        // The scan finds them in UTF-8 order, but the emulator lists collection ids in UTF-16 order (they differ
        // only beyond U+FFFF versus U+E000–U+FFFF).
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default)
    {
        var key = DocumentKey.Of(path);
        return DeleteRangeAsync(key, DocumentKey.Below(key), cancellationToken);
    }

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default) =>
        DeleteRangeAsync(null, DocumentKey.Below(DocumentKey.Of(path)), cancellationToken);

    public void Dispose() => database.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Applies writes each on its own: a failing write is reported and the others still land.</summary>
    internal Task<IReadOnlyList<WriteOutcome>> ApplyIndependentlyAsync(IReadOnlyList<PreparedOrFailed> writes, CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<WriteOutcome>>(
            commands =>
            {
                var now = Now();
                var outcomes = new WriteOutcome[writes.Count];
                for (var i = 0; i < writes.Count; i++)
                {
                    var (path, prepared, error) = writes[i];
                    if (prepared is not null)
                    {
                        try
                        {
                            WriteApplier.Apply(commands, prepared, now);
                        }
                        catch (StoreException e)
                        {
                            error = e;
                        }
                    }

                    outcomes[i] = new WriteOutcome(path, error);
                }

                return outcomes;
            },
            cancellationToken);

    /// <summary>Encodes and size-checks a write; an oversized one becomes a failure instead of an exception.</summary>
    internal static PreparedOrFailed Prepare(Write write)
    {
        try
        {
            return new PreparedOrFailed(write.Path, PreparedWrite.Of(write), null);
        }
        catch (StoreException e)
        {
            return new PreparedOrFailed(write.Path, null, e);
        }
    }

    private async Task<long> DeleteRangeAsync(string? exactKey, (string Low, string High) range, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            commands =>
            {
                using var command = commands.CreateCommand(exactKey is null
                    ? "DELETE FROM documents WHERE key >= $low AND key < $high"
                    : "DELETE FROM documents WHERE key = $key OR (key >= $low AND key < $high)");
                command.Parameters.AddWithValue("$low", range.Low);
                command.Parameters.AddWithValue("$high", range.High);
                if (exactKey is not null)
                {
                    command.Parameters.AddWithValue("$key", exactKey);
                }

                return (long)command.ExecuteNonQuery();
            },
            cancellationToken);

    /// <summary>Commit time in microseconds, strictly increasing so every commit has its own update time.</summary>
    private long Now()
    {
        var now = FieldCodec.ToMicroseconds(StoreValues.TruncateToMicroseconds(time.GetUtcNow()));
        lastTime = Math.Max(now, lastTime + 1);
        return lastTime;
    }
}

/// <summary>A write ready to apply, or the error that stopped it from being prepared.</summary>
internal readonly record struct PreparedOrFailed(DocumentPath Path, PreparedWrite? Prepared, StoreException? Error);
