using System.Diagnostics;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Firestore;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Firestore.Limits;

/// <summary>
/// A cancelled caller reaches the writes in flight: the emulator never answers RESOURCE_EXHAUSTED, so a
/// <see cref="ScriptedFirestoreHandler"/> does, and the writer sits in its minute-long backoff when the token is cancelled.
/// </summary>
public sealed class BulkWriterCancellationTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CloseAndDispose_TokenCancelledDuringResourceExhaustedBackoff_ReturnAtOnceWithCancelledWrites()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedFirestoreHandler(r => ScriptedFirestoreHandler.BatchWriteAnswer(r, _ => 8));
        var firestore = ScriptedFirestoreHandler.Options();
        var writer = new FirestoreBulkWriter(handler.CreateClient(firestore, time), FirestoreBulkWriterSettings.Resolve(null, firestore), time);
        var scheduled = new TaskCompletionSource<TimeSpan>();
        writer.RetryScheduled = d => scheduled.TrySetResult(d);
        using var run = new CancellationTokenSource();

        await writer.AddAsync(Set("a"), run.Token);
        await writer.AddAsync(Set("b"), run.Token);
        var close = writer.CloseAsync(run.Token);
        var backoff = await scheduled.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.True(backoff >= TimeSpan.FromSeconds(42), $"backoff {backoff}");
        Assert.False(close.IsCompleted);
        var clock = Stopwatch.StartNew();
        await run.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => close.WaitAsync(Guard, TestContext.Current.CancellationToken));
        await writer.DisposeAsync().AsTask().WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"disposed after {clock.Elapsed}");
        var summary = await writer.CloseAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Failures.Count);
        Assert.All(summary.Failures, f => Assert.Equal(StoreErrorCode.Cancelled, f.Error!.Code));
        Assert.Single(handler.Requests);
    }

    private static Write Set(string id) => Write.Set(DocumentPath.Of("c", id), new Dictionary<string, object?> { ["id"] = id });
}
