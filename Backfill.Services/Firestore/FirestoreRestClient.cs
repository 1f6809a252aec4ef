using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Backfill.Services.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Firestore;

/// <summary>
/// Firestore REST v1 over a typed <see cref="HttpClient"/>. Every call is a POST with a JSON body where the API
/// allows it (the emulator mishandles some query strings). Errors become <see cref="StoreException"/>s;
/// transient ones are retried per method (<see cref="FirestoreRetryPolicies"/>).
/// </summary>
public sealed class FirestoreRestClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        SkipValidation = true,
        // Bodies are JSON for an API, not HTML: raw UTF-8 is smaller and cheaper than \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly HttpClient _http;
    private readonly FirestoreOptions _options;
    private readonly FirestoreRetryPolicies _retry;
    private readonly ILogger _logger;

    public FirestoreRestClient(HttpClient http, IOptions<FirestoreOptions> options, TimeProvider? timeProvider = null, ILogger<FirestoreRestClient>? logger = null)
    {
        _http = http;
        _options = options.Value;
        _http.BaseAddress ??= _options.BaseAddress;
        // Per-attempt timeouts are applied per call; the client-wide one would also cut long query streams.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        Names = new FirestoreResourceNames(_options.ProjectId, _options.DatabaseId);
        _retry = new FirestoreRetryPolicies(_options, timeProvider ?? TimeProvider.System);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Endpoint = _options.ResolvedEmulatorHost is { } host ? $"emulator {host}" : "firestore.googleapis.com";
    }

    public FirestoreResourceNames Names { get; }

    /// <summary>Where requests go, for messages (never a credential).</summary>
    public string Endpoint { get; }

    /// <summary>GET one document; null when it does not exist.</summary>
    public async Task<Document?> GetAsync(DocumentPath path, CancellationToken cancellationToken = default)
    {
        try
        {
            using var json = await SendJsonAsync(HttpMethod.Get, Names.UrlOf(path), null, _retry.Metadata, path.Value, cancellationToken);
            return ReadDocument(json.RootElement);
        }
        catch (StoreException e) when (e.Code == StoreErrorCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>batchGet: the documents in the order asked, null for missing ones.</summary>
    public Task<IReadOnlyList<Document?>> BatchGetAsync(IReadOnlyList<DocumentPath> paths, CancellationToken cancellationToken = default) =>
        BatchGetAsync(paths, null, cancellationToken);

    /// <summary>batchGet with a read mask: only <paramref name="mask"/>'s fields of each document (all when null).</summary>
    public async Task<IReadOnlyList<Document?>> BatchGetAsync(
        IReadOnlyList<DocumentPath> paths, IReadOnlyList<FieldPath>? mask, CancellationToken cancellationToken = default)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var body = Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("documents");
            foreach (var name in paths.Select(Names.DocumentName).Distinct(StringComparer.Ordinal))
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            if (mask is not null)
            {
                // Firestore's read mask: only these fields are read and sent back.
                w.WriteStartObject("mask");
                w.WriteStartArray("fieldPaths");
                foreach (var field in mask.Where(f => !f.IsDocumentId))
                {
                    w.WriteStringValue(field.Encoded);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });

        using var json = await SendJsonAsync(HttpMethod.Post, Names.DocumentsRoot + ":batchGet", body, _retry.Read, paths.Count == 1 ? paths[0].Value : null, cancellationToken);
        // Results come back in any order: match them by name.
        var found = new Dictionary<string, Document>(StringComparer.Ordinal);
        foreach (var element in json.RootElement.EnumerateArray())
        {
            if (element.TryGetProperty("found", out var document))
            {
                var parsed = ReadDocument(document);
                found[Names.DocumentName(parsed.Path)] = parsed;
            }
        }

        return paths.Select(p => found.GetValueOrDefault(Names.DocumentName(p))).ToArray();
    }

    /// <summary>commit: applies pre-encoded writes atomically and in order; returns the commit time.</summary>
    public async Task<DateTimeOffset?> CommitAsync(IReadOnlyList<byte[]> encodedWrites, string? documentPath = null, CancellationToken cancellationToken = default)
    {
        var body = FirestoreWriteEncoder.BuildWritesBody(encodedWrites);
        EnsureRequestSize(body.Length, documentPath);
        using var json = await SendJsonAsync(HttpMethod.Post, Names.DocumentsRoot + ":commit", body, _retry.Commit, documentPath, cancellationToken);
        return json.RootElement.TryGetProperty("commitTime", out var time) ? FirestoreValueCodec.ParseTimestamp(time.GetString()!) : null;
    }

    /// <summary>commit: like <see cref="CommitAsync"/>, returning each write's update time (the commit time for a delete).</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<byte[]> encodedWrites, string? documentPath = null, CancellationToken cancellationToken = default)
    {
        var body = FirestoreWriteEncoder.BuildWritesBody(encodedWrites);
        EnsureRequestSize(body.Length, documentPath);
        using var json = await SendJsonAsync(HttpMethod.Post, Names.DocumentsRoot + ":commit", body, _retry.Commit, documentPath, cancellationToken);
        var commitTime = json.RootElement.TryGetProperty("commitTime", out var time) ? FirestoreValueCodec.ParseTimestamp(time.GetString()!) : default;
        var times = new List<DateTimeOffset>(encodedWrites.Count);
        if (json.RootElement.TryGetProperty("writeResults", out var results))
        {
            foreach (var result in results.EnumerateArray())
            {
                times.Add(result.TryGetProperty("updateTime", out var updated) ? FirestoreValueCodec.ParseTimestamp(updated.GetString()!) : commitTime);
            }
        }

        while (times.Count < encodedWrites.Count)
        {
            times.Add(commitTime);
        }

        return times;
    }

    /// <summary>
    /// batchWrite: applies pre-encoded writes independently; returns, per write, null or its error (numeric status).
    /// With <paramref name="retryRequest"/> false the request is sent once (the bulk writer retries per write).
    /// </summary>
    public async Task<IReadOnlyList<StoreException?>> BatchWriteAsync(
        IReadOnlyList<byte[]> encodedWrites, IReadOnlyList<DocumentPath> paths, bool retryRequest = true, CancellationToken cancellationToken = default)
    {
        var body = FirestoreWriteEncoder.BuildWritesBody(encodedWrites);
        EnsureRequestSize(body.Length, paths.Count == 1 ? paths[0].Value : null);
        using var json = await SendJsonAsync(HttpMethod.Post, Names.DocumentsRoot + ":batchWrite", body,
            retryRequest ? _retry.BatchWrite : FirestoreRetryPolicies.None, paths.Count == 1 ? paths[0].Value : null, cancellationToken);

        var results = new StoreException?[paths.Count];
        if (json.RootElement.TryGetProperty("status", out var statuses))
        {
            var i = 0;
            foreach (var status in statuses.EnumerateArray())
            {
                if (i >= results.Length)
                {
                    break;
                }

                var code = status.TryGetProperty("code", out var c) ? c.GetInt32() : 0;
                if (code != 0)
                {
                    var message = status.TryGetProperty("message", out var m) ? m.GetString() : null;
                    results[i] = FirestoreErrors.FromRpcStatus(code, message, paths[i].Value);
                }

                i++;
            }
        }

        return results;
    }

    /// <summary>runQuery, streamed: documents are parsed as they arrive, never the whole response at once.</summary>
    public IAsyncEnumerable<Document> RunQueryAsync(Query query, IReadOnlyList<Ordering>? orderBy = null, IReadOnlyList<FieldPath>? select = null, CancellationToken cancellationToken = default) =>
        RunQueryAsync(query.Parent, w => FirestoreQueryEncoder.WriteStructuredQuery(w, query, Names, orderBy, select), cancellationToken);

    /// <summary>runQuery with a hand-built <c>structuredQuery</c> (e.g. a kindless all-descendants query).</summary>
    public async IAsyncEnumerable<Document> RunQueryAsync(DocumentPath? parent, Action<Utf8JsonWriter> writeStructuredQuery, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = Json(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("structuredQuery");
            writeStructuredQuery(w);
            w.WriteEndObject();
        });

        var url = Names.UrlOf(parent) + ":runQuery";
        using var response = await _retry.Read.ExecuteAsync(
            async token => await SendOnceAsync(HttpMethod.Post, url, body, null, HttpCompletionOption.ResponseHeadersRead, token), cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            JsonElement element;
            try
            {
                if (!await elements.MoveNextAsync())
                {
                    break;
                }

                element = elements.Current;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new StoreUnreachableException(Endpoint, e);
            }

            if (element.TryGetProperty("document", out var document))
            {
                yield return ReadDocument(document);
            }
            else if (element.TryGetProperty("error", out _))
            {
                throw FirestoreErrors.FromResponse(HttpStatusCode.OK, element.GetRawText(), null);
            }
        }
    }

    /// <summary>runAggregationQuery: count (optionally up to a bound), sum and average, by alias.</summary>
    public async Task<AggregateResult> RunAggregationQueryAsync(Query query, IReadOnlyList<Aggregation> aggregations, CancellationToken cancellationToken = default)
    {
        var body = Json(w => FirestoreQueryEncoder.WriteAggregationQuery(w, query, aggregations, Names));

        using var json = await SendJsonAsync(HttpMethod.Post, Names.UrlOf(query.Parent) + ":runAggregationQuery", body, _retry.Read, null, cancellationToken);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var element in json.RootElement.EnumerateArray())
        {
            if (element.TryGetProperty("result", out var result) && result.TryGetProperty("aggregateFields", out var fields))
            {
                foreach (var field in fields.EnumerateObject())
                {
                    values[field.Name] = FirestoreValueCodec.ReadValue(field.Value);
                }
            }
        }

        foreach (var aggregation in aggregations)
        {
            values.TryAdd(aggregation.Alias, aggregation.Kind == AggregationKind.Average ? null : 0L);
        }

        return new AggregateResult(values);
    }

    /// <summary>listCollectionIds, all pages, in id order.</summary>
    public async Task<IReadOnlyList<string>> ListCollectionIdsAsync(DocumentPath? parent, int pageSize = 300, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        string? pageToken = null;
        do
        {
            var body = Json(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("pageSize", pageSize);
                if (pageToken is not null)
                {
                    w.WriteString("pageToken", pageToken);
                }

                w.WriteEndObject();
            });

            using var json = await SendJsonAsync(HttpMethod.Post, Names.UrlOf(parent) + ":listCollectionIds", body, _retry.Metadata, parent?.Value, cancellationToken);
            if (json.RootElement.TryGetProperty("collectionIds", out var page))
            {
                ids.AddRange(page.EnumerateArray().Select(e => e.GetString()!));
            }

            pageToken = json.RootElement.TryGetProperty("nextPageToken", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
        }
        while (pageToken is not null);

        ids.Sort(StoreValues.Utf8Comparer.Instance);
        return ids;
    }

    /// <summary>Parses a REST <c>Document</c>.</summary>
    public static Document ReadDocument(JsonElement document)
    {
        var path = FirestoreResourceNames.ParseDocumentName(document.GetProperty("name").GetString()!);
        var fields = document.TryGetProperty("fields", out var f) ? FirestoreValueCodec.ReadFields(f) : new Dictionary<string, object?>(StringComparer.Ordinal);
        var created = document.TryGetProperty("createTime", out var c) ? FirestoreValueCodec.ParseTimestamp(c.GetString()!) : default;
        var updated = document.TryGetProperty("updateTime", out var u) ? FirestoreValueCodec.ParseTimestamp(u.GetString()!) : created;
        return new Document(path, fields, created, updated);
    }

    private void EnsureRequestSize(int bytes, string? documentPath)
    {
        if (bytes > _options.MaxRequestBytes)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument,
                $"the request is {bytes} bytes, over the {_options.MaxRequestBytes}-byte limit for {Endpoint}; split the writes", documentPath);
        }
    }

    private async Task<JsonDocument> SendJsonAsync(HttpMethod method, string url, byte[]? body, Polly.ResiliencePipeline pipeline, string? documentPath, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async token =>
        {
            using var response = await SendOnceAsync(method, url, body, documentPath, HttpCompletionOption.ResponseContentRead, token);
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            return await JsonDocument.ParseAsync(stream, default, token);
        }, cancellationToken);

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string url, byte[]? body, string? documentPath, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JsonContentType;
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, attempt.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnreachableException(Endpoint, new TimeoutException($"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", e));
        }
        catch (HttpRequestException e)
        {
            throw new StoreUnreachableException(Endpoint, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = FirestoreErrors.FromResponse(response.StatusCode, text, documentPath);
            _logger.LogDebug("Firestore {Method} {Url} failed: {Status} {Message}", method, url, StoreException.StatusName(error.Code), error.StoreMessage);
            throw error;
        }
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
