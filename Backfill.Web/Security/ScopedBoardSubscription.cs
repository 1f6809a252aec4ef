using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Backfill.Services.Backfill;

namespace Backfill.Web.Security;

/// <summary>
/// A board feed that passes on only a scope's clients. It reads the coordinator's own latest-wins channel through a
/// filtering reader, so there is no extra task or buffer per subscriber; nothing is read until the scope is known.
/// </summary>
internal sealed class ScopedBoardSubscription(IBackfillSubscription inner, Task<ClientScope> scope) : IBackfillSubscription
{
    public ChannelReader<BackfillBoard> Updates { get; } = new ScopedReader(inner.Updates, scope);

    public void Dispose() => inner.Dispose();

    private sealed class ScopedReader(ChannelReader<BackfillBoard> source, Task<ClientScope> scope) : ChannelReader<BackfillBoard>
    {
        private IReadOnlyList<BackfillStatus>? _last;

        // Known once WaitToReadAsync has awaited it; until then nothing is read.
        private ClientScope? _scope;

        public override Task Completion => source.Completion;

        public override bool TryRead([MaybeNullWhen(false)] out BackfillBoard item)
        {
            item = null;
            if (_scope is null)
            {
                return false;
            }

            while (source.TryRead(out var board))
            {
                var visible = _scope.Filter(board);
                if (_last is not null && _scope.IsLimited && visible.Statuses.SequenceEqual(_last))
                {
                    continue;
                }

                _last = visible.Statuses;
                item = visible;
                return true;
            }

            return false;
        }

        public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            _scope ??= await scope.WaitAsync(cancellationToken);
            return await source.WaitToReadAsync(cancellationToken);
        }
    }
}
