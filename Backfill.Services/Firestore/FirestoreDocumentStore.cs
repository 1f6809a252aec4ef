using System.Runtime.CompilerServices;
using System.Text.Json;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Firestore;

/// <summary>
/// <see cref="IDocumentStore"/> on Firestore (production or the emulator) through <see cref="FirestoreRestClient"/>.
/// Queries stream page by page with keyset cursors, so memory stays flat however large the result.
/// </summary>
public sealed class FirestoreDocumentStore : IDocumentStore, IDisposable
{
    private const int MaxWritesPerRequest = 500;
    private const int MaxAggregations = 5;
    private static readonly DocumentPath HealthProbe = DocumentPath.Of("_backfill_health", "probe");

    private readonly FirestoreRestClient _client;
    private readonly FirestoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly RampUpRateLimiter _rampUp;
    private Owned? _owned;

    /// <param name="rampUp">The database's one ramp-up limiter, shared by every bulk writer (a singleton); null: the store's own.</param>
    public FirestoreDocumentStore(
        FirestoreRestClient client, IOptions<FirestoreOptions> options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, RampUpRateLimiter? rampUp = null)
    {
        _client = client;
        _options = options.Value;
        _time = timeProvider;
        _rampUp = rampUp ?? new RampUpRateLimiter(timeProvider);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        var database = _options.DatabaseId == "(default)" ? "" : $" database {_options.DatabaseId}";
        Description = new StoreDescription("Firestore", _options.ResolvedEmulatorHost is { } host
            ? $"emulator {host} project {_options.ProjectId}{database}"
            : $"project {_options.ProjectId}{database}");
    }

    /// <summary>
    /// A store without dependency injection (tests, benchmarks, tools): its own HTTP handler and credentials,
    /// released by <see cref="Dispose"/>. <paramref name="primaryHandler"/> replaces the socket handler (test doubles).
    /// </summary>
    public static FirestoreDocumentStore Create(
        FirestoreOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, HttpMessageHandler? primaryHandler = null)
    {
        var credentials = new FirestoreCredentialSource();
#pragma warning disable CA2000 // The HttpClient owns the handler chain and the store owns the HttpClient.
        var auth = new FirestoreAuthHandler(credentials, options) { InnerHandler = primaryHandler ?? FirestoreServiceCollectionExtensions.CreatePrimaryHandler(options) };
        var http = new HttpClient(auth) { BaseAddress = options.BaseAddress };
#pragma warning restore CA2000
        var time = timeProvider ?? TimeProvider.System;
        var client = new FirestoreRestClient(http, Options.Create(options), time, loggerFactory?.CreateLogger<FirestoreRestClient>());
        return new FirestoreDocumentStore(client, Options.Create(options), time, loggerFactory) { _owned = new Owned(http, credentials) };
    }

    public StoreDescription Description { get; }

    public FirestoreRestClient Client => _client;

    public async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await _client.BatchGetAsync([HealthProbe], timeout.Token);
            return new StoreHealth(true, null, _time.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // Health checks report every failure instead of throwing.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = e is StoreException store ? store.Message : $"{e.GetType().Name}: {e.Message}";
            return new StoreHealth(false, message, _time.GetElapsedTime(started));
        }
    }

    public async Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default) =>
        (await _client.BatchGetAsync([path], cancellationToken))[0];

    public async Task<IReadOnlyList<Document?>> GetAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default)
    {
        var result = new List<Document?>(paths.Count);
        foreach (var chunk in paths.Chunk(MaxWritesPerRequest))
        {
            result.AddRange(await _client.BatchGetAsync(chunk, cancellationToken));
        }

        return result;
    }

    public async Task<IReadOnlyList<Document?>> GetAllAsync(
        IReadOnlyList<DocumentPath> paths, IReadOnlyList<FieldPath> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var result = new List<Document?>(paths.Count);
        foreach (var chunk in paths.Chunk(MaxWritesPerRequest))
        {
            result.AddRange(await _client.BatchGetAsync(chunk, fields, cancellationToken));
        }

        return result;
    }

    public async Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        if (writes.Count == 0)
        {
            return;
        }

        var encoded = writes.Select(w => FirestoreWriteEncoder.Encode(w, _client.Names)).ToArray();
        await _client.CommitAsync(encoded, writes.Count == 1 ? writes[0].Path.Value : null, cancellationToken);
    }

    public async Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        if (writes.Count == 0)
        {
            return [];
        }

        var encoded = writes.Select(w => FirestoreWriteEncoder.Encode(w, _client.Names)).ToArray();
        return await _client.CommitWithTimesAsync(encoded, writes.Count == 1 ? writes[0].Path.Value : null, cancellationToken);
    }

    public async Task<IReadOnlyList<WriteOutcome>> BatchWriteAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        var duplicate = writes.GroupBy(w => w.Path).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "a batch may write each document at most once", duplicate.Key.Value);
        }

        var outcomes = new WriteOutcome?[writes.Count];
        var toSend = new List<(int Index, byte[] Encoded)>(writes.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                toSend.Add((i, FirestoreWriteEncoder.Encode(writes[i], _client.Names)));
            }
            catch (StoreException e)
            {
                outcomes[i] = new WriteOutcome(writes[i].Path, e);
            }
        }

        foreach (var chunk in SplitBySize(toSend, MaxWritesPerRequest, _options.MaxRequestBytes))
        {
            var results = await _client.BatchWriteAsync(chunk.Select(c => c.Encoded).ToArray(), chunk.Select(c => writes[c.Index].Path).ToArray(), true, cancellationToken);
            for (var j = 0; j < chunk.Count; j++)
            {
                outcomes[chunk[j].Index] = new WriteOutcome(writes[chunk[j].Index].Path, results[j]);
            }
        }

        return outcomes.Select(o => o!).ToArray();
    }

    public IBulkWriter CreateBulkWriter(BulkWriterOptions? options = null) =>
        new FirestoreBulkWriter(_client, ResolveBulkWriterSettings(options), _time, _loggerFactory.CreateLogger<FirestoreBulkWriter>(), _rampUp);

    /// <summary>The settings a bulk writer created with <paramref name="options"/> would use.</summary>
    public FirestoreBulkWriterSettings ResolveBulkWriterSettings(BulkWriterOptions? options = null) =>
        FirestoreBulkWriterSettings.Resolve(options, _options);

    public async IAsyncEnumerable<Document> QueryAsync(Query query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Every page is sent with the full normalised ordering, so the last document of a page is an exact
        // keyset cursor for the next one. A narrowed select must still bring the ordered fields back.
        var ordering = QueryOrdering.Normalized(query);
        var select = query.Select;
        var project = false;
        if (select is not null)
        {
            var missing = ordering.Where(o => !o.Field.IsDocumentId && !select.Any(s => s.IsPrefixOf(o.Field))).Select(o => o.Field).ToArray();
            if (missing.Length > 0)
            {
                select = [.. select, .. missing];
                project = true;
            }
        }

        var remaining = query.Limit ?? long.MaxValue;
        var page = query;
        while (remaining > 0)
        {
            var size = (int)Math.Min(_options.EffectiveQueryPageSize, remaining);
            var received = 0;
            Document? last = null;
            await foreach (var document in _client.RunQueryAsync(page with { Limit = size }, ordering, select, cancellationToken))
            {
                received++;
                last = document;
                yield return project ? FieldProjection.Project(document, query.Select) : document;
            }

            remaining -= received;
            if (received < size || last is null)
            {
                yield break;
            }

            page = query.StartAfterDocument(last);
        }
    }

    public async Task<AggregateResult> AggregateAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default)
    {
        if (aggregations.Count is 0 or > MaxAggregations)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, $"a query takes 1 to {MaxAggregations} aggregations, not {aggregations.Count}");
        }

        if (aggregations.Select(a => a.Alias).Distinct(StringComparer.Ordinal).Count() != aggregations.Count)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "aggregation aliases must be unique");
        }

        return await _client.RunAggregationQueryAsync(query, aggregations, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, CancellationToken cancellationToken = default) =>
        _client.ListCollectionIdsAsync(parent, cancellationToken: cancellationToken);

    public async Task<long> DeleteTreeAsync(DocumentPath path, CancellationToken cancellationToken = default)
    {
        var exists = await GetAsync(path, cancellationToken) is not null;
        var deleted = await DeleteDescendantsAsync(path, null, cancellationToken);
        if (exists)
        {
            await DeleteAllAsync([path], cancellationToken);
            deleted++;
        }

        return deleted;
    }

    public Task<long> DeleteTreeAsync(CollectionPath path, CancellationToken cancellationToken = default)
    {
        // Everything below collection c under parent P has a name in [P/c/\0, P/c\0/\0): a kindless
        // all-descendants query over that range finds it, including children of documents that do not exist.
        var prefix = _client.Names.DocumentsRoot + "/" + path.Value;
        return DeleteDescendantsAsync(path.Parent, (prefix + "/\0", prefix + "\0/\0"), cancellationToken);
    }

    public void Dispose()
    {
        _owned?.Dispose();
        _owned = null;
    }

    private async Task<long> DeleteDescendantsAsync(DocumentPath? parent, (string From, string Before)? range, CancellationToken cancellationToken)
    {
        long deleted = 0;
        string? after = null;
        var pageSize = _options.EffectiveQueryPageSize;
        while (true)
        {
            var names = new List<DocumentPath>(pageSize);
            var startAfter = after;
            await foreach (var document in _client.RunQueryAsync(parent, w => FirestoreQueryEncoder.WriteKindlessNamesQuery(w, range, startAfter, pageSize), cancellationToken))
            {
                names.Add(document.Path);
            }

            if (names.Count == 0)
            {
                return deleted;
            }

            await DeleteAllAsync(names, cancellationToken);
            deleted += names.Count;
            if (names.Count < pageSize)
            {
                return deleted;
            }

            after = _client.Names.DocumentName(names[^1]);
        }
    }

    private async Task DeleteAllAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken)
    {
        var outcomes = await BatchWriteAsync(paths.Select(p => Write.Delete(p)).ToArray(), cancellationToken);
        if (outcomes.FirstOrDefault(o => !o.Succeeded) is { Error: { } error })
        {
            throw error;
        }
    }

    /// <summary>Splits pre-encoded writes into requests of at most <paramref name="maxCount"/> writes and <paramref name="maxBytes"/> bytes.</summary>
    internal static IEnumerable<List<(int Index, byte[] Encoded)>> SplitBySize(IEnumerable<(int Index, byte[] Encoded)> items, int maxCount, int maxBytes)
    {
        var chunk = new List<(int Index, byte[] Encoded)>();
        long bytes = 0;
        foreach (var item in items)
        {
            var size = item.Encoded.Length + FirestoreWriteEncoder.EnvelopeBytes;
            if (chunk.Count > 0 && (chunk.Count >= maxCount || bytes + size > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(item);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private sealed class Owned(HttpClient http, FirestoreCredentialSource credentials) : IDisposable
    {
        public void Dispose()
        {
            http.Dispose();
            credentials.Dispose();
        }
    }
}
