using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Engine;
using Backfill.Services.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>Checkpoint writes of the status document, at most one a second, on a <see cref="FakeTimeProvider"/>.</summary>
public sealed class StatusWriteCoalescerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CountingJob _job = new();

    [Fact]
    public async Task SaveAsync_ManyCheckpointsInOneSecond_OneWriteNow_TheNextAfterTheSecond()
    {
        var coalescer = new StatusWriteCoalescer(_job, _time, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        for (var i = 0; i < 50; i++)
        {
            _job.Checkpoint = i;
            await coalescer.SaveAsync();
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal([0], _job.Saved);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        _job.Checkpoint = 50;
        await coalescer.SaveAsync();
        Assert.Equal([0, 50], _job.Saved);
    }

    [Fact]
    public async Task SaveAsync_CheckpointsASecondApart_EachWrittenAtOnce()
    {
        var coalescer = new StatusWriteCoalescer(_job, _time, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        for (var i = 0; i < 5; i++)
        {
            _job.Checkpoint = i;
            await coalescer.SaveAsync();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal([0, 1, 2, 3, 4], _job.Saved);
    }

    [Fact]
    public async Task FlushAsync_SkippedCheckpoint_WrittenAtOnce_NothingSkipped_NoWrite()
    {
        var coalescer = new StatusWriteCoalescer(_job, _time, TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        _job.Checkpoint = 1;
        await coalescer.SaveAsync();
        _job.Checkpoint = 2;
        await coalescer.SaveAsync();

        await coalescer.FlushAsync();
        await coalescer.FlushAsync();

        Assert.Equal([1, 2], _job.Saved);
    }

    private sealed class CountingJob : IBackfillJobProgress
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Checkpoint { get; set; }

        public List<int> Saved { get; } = [];

        public BackfillStatus Status { get; } = BackfillStatus.NotStarted(ClientId.Parse("coalesced"), "Coalesced");

        public void Update(Func<BackfillStatus, BackfillStatus> change)
        {
        }

        public Task SaveAsync(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Saved.Add(Checkpoint);
                _saved.TrySetResult();
                _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return Task.CompletedTask;
        }

        public async Task WaitForSavesAsync(int count)
        {
            while (true)
            {
                Task next;
                lock (_gate)
                {
                    if (Saved.Count >= count)
                    {
                        return;
                    }

                    next = _saved.Task;
                }

                await next;
            }
        }
    }
}
