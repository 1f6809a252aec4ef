using System.Net;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;

namespace Backfill.Tests.Firestore;

/// <summary>
/// Retry and transport behaviour of the REST client. The emulator never answers UNAVAILABLE, RESOURCE_EXHAUSTED
/// or INTERNAL and never drops a connection, so these use <see cref="ScriptedFirestoreHandler"/>; retry delays are
/// zero in the options, so nothing sleeps.
/// </summary>
public sealed class FirestoreRestClientTests
{
    private static readonly Write SetA = Write.Set(DocumentPath.Of("c", "a"), new Dictionary<string, object?> { ["n"] = 1 });

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE")]
    [InlineData(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED")]
    public async Task CommitAsync_TransientThenOk_RetriedAndSucceeds(HttpStatusCode status, string name)
    {
        var calls = 0;
        var handler = new ScriptedFirestoreHandler(_ => ++calls < 3
            ? ScriptedFirestoreHandler.Error(status, name)
            : ScriptedFirestoreHandler.Json("""{"writeResults":[{}],"commitTime":"2026-01-01T00:00:00.5Z"}"""));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);

        await store.CommitAsync([SetA], TestContext.Current.CancellationToken);

        Assert.Equal(3, calls);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL")]
    [InlineData(HttpStatusCode.Conflict, "ABORTED")]
    [InlineData(HttpStatusCode.GatewayTimeout, "DEADLINE_EXCEEDED")]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT")]
    [InlineData(HttpStatusCode.Conflict, "ALREADY_EXISTS")]
    public async Task CommitAsync_NonRetryableForCommit_FailsAfterOneAttempt(HttpStatusCode status, string name)
    {
        var handler = new ScriptedFirestoreHandler(_ => ScriptedFirestoreHandler.Error(status, name));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync([SetA], TestContext.Current.CancellationToken));

        Assert.Equal(FirestoreErrors.FromStatusName(name), error.Code);
        Assert.Equal("c/a", error.DocumentPath);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL")]
    [InlineData(HttpStatusCode.GatewayTimeout, "DEADLINE_EXCEEDED")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE")]
    public async Task GetAsync_TransientForReads_Retried(HttpStatusCode status, string name)
    {
        var calls = 0;
        var handler = new ScriptedFirestoreHandler(_ => ++calls == 1
            ? ScriptedFirestoreHandler.Error(status, name)
            : ScriptedFirestoreHandler.Json("""[{"missing":"projects/p/databases/(default)/documents/c/a","readTime":"2026-01-01T00:00:00Z"}]"""));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);

        var document = await store.GetAsync(DocumentPath.Of("c", "a"), TestContext.Current.CancellationToken);

        Assert.Null(document);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task GetAsync_AlwaysUnavailable_GivesUpAfterMaxRetries()
    {
        var handler = new ScriptedFirestoreHandler(_ => ScriptedFirestoreHandler.Error(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE"));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(o => o.MaxRetries = 2), primaryHandler: handler);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.GetAsync(DocumentPath.Of("c", "a"), TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorCode.Unavailable, error.Code);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_ConnectionRefused_StoreUnreachableNamingEndpoint()
    {
        var handler = new ScriptedFirestoreHandler(_ => throw new HttpRequestException("Connection refused (127.0.0.1:1)"));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(o => o.MaxRetries = 1), primaryHandler: handler);

        var error = await Assert.ThrowsAsync<StoreUnreachableException>(() => store.GetAsync(DocumentPath.Of("c", "a"), TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorCode.Unavailable, error.Code);
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task CheckHealthAsync_Unreachable_ReportsWithoutThrowing()
    {
        var handler = new ScriptedFirestoreHandler(_ => throw new HttpRequestException("Connection refused"));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(o => o.MaxRetries = 0), primaryHandler: handler);

        var health = await store.CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.False(health.Healthy);
        Assert.Contains("UNAVAILABLE", health.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_EmulatorMode_SendBearerOwnerAndJsonContentType()
    {
        var handler = new ScriptedFirestoreHandler(_ => ScriptedFirestoreHandler.Json("""{"writeResults":[{}],"commitTime":"2026-01-01T00:00:00Z"}"""));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);

        await store.CommitAsync([SetA], TestContext.Current.CancellationToken);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("Bearer owner", request.Authorization);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/v1/projects/p/databases/(default)/documents:commit", Uri.UnescapeDataString(request.Path));
    }

    [Fact]
    public async Task CommitAsync_OverRequestByteLimit_RejectedBeforeSending()
    {
        var handler = new ScriptedFirestoreHandler(_ => ScriptedFirestoreHandler.Json("{}"));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);
        var big = new string('x', 900_000);
        var writes = Enumerable.Range(0, 5).Select(i => Write.Set(DocumentPath.Of("c", $"d{i}"), new Dictionary<string, object?> { ["s"] = big })).ToArray();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(writes, TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorCode.InvalidArgument, error.Code);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task BatchWriteAsync_OverByteLimit_SplitIntoSeveralRequests()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);
        var big = new string('x', 900_000);
        var writes = Enumerable.Range(0, 9).Select(i => Write.Set(DocumentPath.Of("c", $"d{i}"), new Dictionary<string, object?> { ["s"] = big })).ToArray();

        var outcomes = await store.BatchWriteAsync(writes, TestContext.Current.CancellationToken);

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal(writes.Select(w => w.Path), outcomes.Select(o => o.Path));
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.True(r.Body.Length <= 4 * 1024 * 1024));
    }

    [Fact]
    public async Task BatchWriteAsync_DocumentOverOneMiB_ThatWriteFailsWithItsPath()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        using var store = FirestoreDocumentStore.Create(ScriptedFirestoreHandler.Options(), primaryHandler: handler);
        var small = Write.Set(DocumentPath.Of("c", "small"), new Dictionary<string, object?> { ["n"] = 1 });
        var huge = Write.Set(DocumentPath.Of("c", "huge"), new Dictionary<string, object?> { ["a"] = new string('x', 600_000), ["b"] = new string('y', 600_000) });

        var outcomes = await store.BatchWriteAsync([small, huge], TestContext.Current.CancellationToken);

        Assert.True(outcomes[0].Succeeded);
        var error = Assert.IsType<DocumentTooLargeException>(outcomes[1].Error);
        Assert.Equal("c/huge", error.DocumentPath);
    }
}
