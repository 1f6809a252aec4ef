using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>
/// Keys read from a secret store, per client, for a while. One entry per client remembers which secret it came from,
/// so a client whose secret name changed is read again. Concurrent callers share one read (single flight); a failed
/// read is not kept, so the next caller tries again.
/// </summary>
internal sealed class KlaviyoKeyCache(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ClientId, Entry> _entries = [];

    /// <summary>
    /// The cached key, or the result of <paramref name="load"/>. The load runs without the caller's token, because
    /// other callers may be waiting for it; each caller stops waiting when its own token is cancelled.
    /// </summary>
    public Task<KlaviyoApiKey> GetOrLoadAsync(ClientId client, string secretName, TimeSpan duration, Func<Task<KlaviyoApiKey>> load, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(client, out entry!) || !entry.IsFor(secretName, timeProvider.GetUtcNow()))
            {
                entry = new Entry(secretName);
                var started = entry;
                entry.Load = Task.Run(() => LoadAsync(client, started, duration, load), CancellationToken.None);
                _entries[client] = entry;
            }
        }

        return entry.Load.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the client's key (or read in flight); true when there was one.</summary>
    public bool Invalidate(ClientId client)
    {
        lock (_gate)
        {
            return _entries.Remove(client);
        }
    }

    private async Task<KlaviyoApiKey> LoadAsync(ClientId client, Entry entry, TimeSpan duration, Func<Task<KlaviyoApiKey>> load)
    {
        try
        {
            var key = await load();
            lock (_gate)
            {
                entry.ExpiresAt = timeProvider.GetUtcNow() + duration;
            }

            return key;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(client, out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove(client);
                }
            }

            throw;
        }
    }

    private sealed class Entry(string secretName)
    {
        public string SecretName { get; } = secretName;

        public Task<KlaviyoApiKey> Load { get; set; } = null!;

        /// <summary>Null while the read is in flight.</summary>
        public DateTimeOffset? ExpiresAt { get; set; }

        public bool IsFor(string secretName, DateTimeOffset now) =>
            string.Equals(SecretName, secretName, StringComparison.Ordinal) && (ExpiresAt is null || now < ExpiresAt);
    }
}
