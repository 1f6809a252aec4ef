using System.Net;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Firestore;

/// <summary>
/// Per-write retry, backoff and batching of the bulk writer. The emulator cannot produce per-write ABORTED,
/// UNAVAILABLE or RESOURCE_EXHAUSTED statuses, so a <see cref="ScriptedFirestoreHandler"/> answers batchWrite;
/// time is a <see cref="FakeTimeProvider"/>, advanced by exactly the backoff the writer scheduled.
/// </summary>
public sealed class FirestoreBulkWriterTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task FlushAsync_UnavailableWrite_RetriedAfterBackoffOnlyThatWrite()
    {
        var failedOnce = 0;
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r,
            name => name.EndsWith("/b", StringComparison.Ordinal) && Interlocked.Exchange(ref failedOnce, 1) == 0 ? 14 : 0));
        await using var writer = CreateWriter(handler);
        var scheduled = new TaskCompletionSource<TimeSpan>();
        writer.RetryScheduled = d => scheduled.TrySetResult(d);

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("b"), TestContext.Current.CancellationToken);
        var flush = writer.FlushAsync(TestContext.Current.CancellationToken);
        var backoff = await scheduled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.InRange(backoff, TimeSpan.FromSeconds(0.7), TimeSpan.FromSeconds(1.3));
        Assert.False(flush.IsCompleted);
        _time.Advance(backoff);
        await flush.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(1, summary.Retries);
        Assert.Empty(summary.Failures);
        var retryRequest = handler.Requests.Last();
        Assert.Single(retryRequest.Json.GetProperty("writes").EnumerateArray());
    }

    [Fact]
    public async Task FlushAsync_ResourceExhausted_BacksOffAboutSixtySeconds()
    {
        var calls = 0;
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => Interlocked.Increment(ref calls) == 1 ? 8 : 0));
        await using var writer = CreateWriter(handler);
        var scheduled = new TaskCompletionSource<TimeSpan>();
        writer.RetryScheduled = d => scheduled.TrySetResult(d);

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        var flush = writer.FlushAsync(TestContext.Current.CancellationToken);
        var backoff = await scheduled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        _time.Advance(backoff);
        await flush.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.InRange(backoff, TimeSpan.FromSeconds(42), TimeSpan.FromSeconds(78));
        Assert.Equal(1, (await writer.CloseAsync(TestContext.Current.CancellationToken)).Succeeded);
    }

    [Fact]
    public async Task FlushAsync_WholeRequestUnavailable_EveryWriteRetried()
    {
        var calls = 0;
        var handler = new ScriptedFirestoreHandler(r => Interlocked.Increment(ref calls) == 1
            ? ScriptedFirestoreHandler.Error(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE")
            : ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        await using var writer = CreateWriter(handler);
        var scheduled = new TaskCompletionSource<TimeSpan>();
        writer.RetryScheduled = d => scheduled.TrySetResult(d);

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("b"), TestContext.Current.CancellationToken);
        var flush = writer.FlushAsync(TestContext.Current.CancellationToken);
        _time.Advance(await scheduled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken));
        await flush.WaitAsync(Guard, TestContext.Current.CancellationToken);

        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Succeeded);
        Assert.Equal(2, summary.Retries);
    }

    [Fact]
    public async Task CloseAsync_ClientErrors_NeverRetriedAndReportedWithPath()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, name => name.EndsWith("/dup", StringComparison.Ordinal) ? 6 : name.EndsWith("/bad", StringComparison.Ordinal) ? 3 : 0));
        await using var writer = CreateWriter(handler);

        await writer.AddAsync(Set("ok"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("dup"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("bad"), TestContext.Current.CancellationToken);
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(0, summary.Retries);
        Assert.Single(handler.Requests);
        Assert.Equal(StoreErrorCode.AlreadyExists, summary.Failures.Single(f => f.Path.Id == "dup").Error!.Code);
        Assert.Equal("c/bad", summary.Failures.Single(f => f.Error!.Code == StoreErrorCode.InvalidArgument).Error!.DocumentPath);
    }

    [Fact]
    public async Task CloseAsync_AlwaysAborted_FailsAfterMaxAttempts()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 10));
        await using var writer = CreateWriter(handler, new BulkWriterOptions { MaxAttempts = 3 });
        var scheduled = new SemaphoreSlim(0);
        var delays = new List<TimeSpan>();
        writer.RetryScheduled = d =>
        {
            lock (delays)
            {
                delays.Add(d);
            }

            scheduled.Release();
        };

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        var close = writer.CloseAsync(TestContext.Current.CancellationToken);
        for (var retry = 0; retry < 2; retry++)
        {
            Assert.True(await scheduled.WaitAsync(Guard, TestContext.Current.CancellationToken));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var summary = await close.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(StoreErrorCode.Aborted, Assert.Single(summary.Failures).Error!.Code);
        Assert.Equal(2, summary.Retries);
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1.5 * 0.7), TimeSpan.FromSeconds(1.5 * 1.3));
    }

    [Fact]
    public async Task AddAsync_SameDocumentTwice_GoesToSeparateBatches()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        await using var writer = CreateWriter(handler);

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("b"), TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Equal(3, summary.Succeeded);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r =>
        {
            var names = r.Json.GetProperty("writes").EnumerateArray().Select(w => w.GetProperty("update").GetProperty("name").GetString()).ToArray();
            Assert.Equal(names.Length, names.Distinct().Count());
        });
    }

    [Fact]
    public async Task AddAsync_SameDocumentWhileEarlierWriteIsRetried_WaitsAndLandsAfterIt()
    {
        var failedOnce = 0;
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r,
            name => name.EndsWith("/a", StringComparison.Ordinal) && Interlocked.Exchange(ref failedOnce, 1) == 0 ? 14 : 0));
        await using var writer = CreateWriter(handler);
        var scheduled = new TaskCompletionSource<TimeSpan>();
        writer.RetryScheduled = d => scheduled.TrySetResult(d);

        await writer.AddAsync(Set("a"), TestContext.Current.CancellationToken);
        var flush = writer.FlushAsync(TestContext.Current.CancellationToken);
        var backoff = await scheduled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var newer = Write.Set(DocumentPath.Of("c", "a"), new Dictionary<string, object?> { ["id"] = "a", ["version"] = 2L });
        await writer.AddAsync(newer, TestContext.Current.CancellationToken);
        await writer.AddAsync(Set("b"), TestContext.Current.CancellationToken);
        var secondFlush = writer.FlushAsync(TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var sentBeforeRetry = handler.Requests.Count;
        _time.Advance(backoff);
        await flush.WaitAsync(Guard, TestContext.Current.CancellationToken);
        await secondFlush.WaitAsync(Guard, TestContext.Current.CancellationToken);
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3, summary.Succeeded);
        Assert.Empty(summary.Failures);
        var writesToA = handler.Requests.SelectMany(r => r.Json.GetProperty("writes").EnumerateArray())
            .Count(w => w.GetProperty("update").GetProperty("name").GetString()!.EndsWith("/a", StringComparison.Ordinal));
        Assert.Equal(3, writesToA);
        Assert.Equal(2, sentBeforeRetry);
        var last = handler.Requests.Last().Json.GetProperty("writes").EnumerateArray().Single();
        Assert.EndsWith("/a", last.GetProperty("update").GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal("2", last.GetProperty("update").GetProperty("fields").GetProperty("version").GetProperty("integerValue").GetString());
    }

    [Fact]
    public async Task AddAsync_ManyWrites_BatchesBoundedByCountAndBytes()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        await using var writer = CreateWriter(handler, new BulkWriterOptions { MaxBatchSize = 50, MaxBatchBytes = 20_000 });
        var payload = new string('x', 1000);

        for (var i = 0; i < 200; i++)
        {
            await writer.AddAsync(Write.Set(DocumentPath.Of("c", $"d{i}"), new Dictionary<string, object?> { ["s"] = payload }), TestContext.Current.CancellationToken);
        }

        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal(200, summary.Succeeded);
        Assert.All(handler.Requests, r => Assert.True(r.Body.Length <= 20_000 && r.Json.GetProperty("writes").GetArrayLength() <= 50));
        Assert.Equal(200, handler.Requests.Sum(r => r.Json.GetProperty("writes").GetArrayLength()));
    }

    [Fact]
    public async Task AddAsync_DocumentOverOneMiB_ReportedAsFailureNotSent()
    {
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 0));
        await using var writer = CreateWriter(handler);

        await writer.AddAsync(Write.Set(DocumentPath.Of("c", "huge"), new Dictionary<string, object?> { ["s"] = new string('x', 1_100_000) }), TestContext.Current.CancellationToken);
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken);

        Assert.Empty(handler.Requests);
        Assert.IsType<DocumentTooLargeException>(Assert.Single(summary.Failures).Error);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, true)]
    public void Resolve_Emulator_RampUpOffUnlessAsked(bool? requested, bool expected)
    {
        var settings = FirestoreBulkWriterSettings.Resolve(new BulkWriterOptions { RampUp = requested }, new FirestoreOptions { ProjectId = "p", EmulatorHost = "127.0.0.1:1" });

        Assert.Equal(expected, settings.RampUp);
        Assert.True(settings.MaxBatchBytes <= 4 * 1024 * 1024);
    }

    [Fact]
    public void Resolve_EmulatorWithoutOptions_TunedEmulatorDefaults()
    {
        var settings = FirestoreBulkWriterSettings.Resolve(null, new FirestoreOptions { ProjectId = "p", EmulatorHost = "127.0.0.1:1" });

        Assert.Equal((100, 8, false), (settings.MaxBatchSize, settings.MaxConcurrentRequests, settings.RampUp));
    }

    [Fact]
    public void Resolve_Production_RampUpOnAndTenMiBCap()
    {
        var production = new FirestoreOptions { ProjectId = "p", EmulatorHost = null };

        var settings = FirestoreBulkWriterSettings.Resolve(null, production);

        Assert.True(settings.RampUp);
        Assert.Equal((500, 4), (settings.MaxBatchSize, settings.MaxConcurrentRequests));
        Assert.InRange(settings.MaxBatchBytes, 4 * 1024 * 1024 + 1, 10 * 1024 * 1024);
    }

    [Theory]
    [InlineData(1, StoreErrorCode.Aborted, 1.0)]
    [InlineData(2, StoreErrorCode.Unavailable, 1.5)]
    [InlineData(3, StoreErrorCode.Internal, 2.25)]
    [InlineData(20, StoreErrorCode.Aborted, 60)]
    [InlineData(1, StoreErrorCode.ResourceExhausted, 60)]
    public void Backoff_Attempt_ExponentialWithThirtyPercentJitter(int attempt, StoreErrorCode code, double seconds)
    {
        Assert.Equal(seconds * 0.7, FirestoreBulkWriter.Backoff(attempt, code, 0).TotalSeconds, 6);
        Assert.Equal(seconds, FirestoreBulkWriter.Backoff(attempt, code, 0.5).TotalSeconds, 6);
        Assert.Equal(seconds * 1.3, FirestoreBulkWriter.Backoff(attempt, code, 1).TotalSeconds, 6);
    }

    private FirestoreBulkWriter CreateWriter(ScriptedFirestoreHandler handler, BulkWriterOptions? options = null)
    {
        var firestore = ScriptedFirestoreHandler.Options();
        return new FirestoreBulkWriter(handler.CreateClient(firestore, _time), FirestoreBulkWriterSettings.Resolve(options, firestore), _time);
    }

    private static Write Set(string id) => Write.Set(DocumentPath.Of("c", id), new Dictionary<string, object?> { ["id"] = id });
}
