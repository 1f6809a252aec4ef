using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>A real store that also counts the commits writing one status document (every call goes to the inner store).</summary>
internal sealed class StatusWriteCountingStore(IDocumentStore inner, DocumentPath status) : DelegatingDocumentStore(inner)
{
    private int _statusWrites;

    public int StatusWrites => Volatile.Read(ref _statusWrites);

    public override async Task CommitAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        await base.CommitAsync(writes, cancellationToken);
        Count(writes);
    }

    public override async Task<IReadOnlyList<DateTimeOffset>> CommitWithTimesAsync(IReadOnlyList<Write> writes, CancellationToken cancellationToken = default)
    {
        var times = await base.CommitWithTimesAsync(writes, cancellationToken);
        Count(writes);
        return times;
    }

    private void Count(IReadOnlyList<Write> writes)
    {
        if (writes.Any(w => w is SetWrite && w.Path == status))
        {
            Interlocked.Increment(ref _statusWrites);
        }
    }
}
