using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Backfill.KlaviyoSandbox;

/// <summary>Resolves keys to accounts and hands out each account's catalog for the current history window.</summary>
internal sealed class SandboxWorld(IOptions<SandboxOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(string Slug, DateOnly End), Lazy<SandboxCatalog>> _catalogs = new();
    private readonly Lazy<SandboxAccounts> _accounts = new(() => new SandboxAccounts(options.Value));

    public SandboxOptions Options => options.Value;

    public TimeProvider Time => timeProvider;

    /// <summary>The fixed and generated accounts this sandbox serves.</summary>
    public SandboxAccounts Accounts => _accounts.Value;

    /// <summary>
    /// The account's last day of history: the configured <see cref="SandboxOptions.HistoryEndDate"/>, else yesterday in
    /// the account's own time zone (as Klaviyo's "yesterday" for it is), so from 23:00 UTC Berlin's yesterday is full.
    /// </summary>
    public DateOnly HistoryEnd(SandboxAccountDefinition account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Options.HistoryEndDate
            ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), account.TimeZone).DateTime).AddDays(-1);
    }

    public SandboxCatalog Catalog(SandboxAccountDefinition account)
    {
        var key = (account.Slug, End: HistoryEnd(account));
        if (!_catalogs.TryGetValue(key, out var lazy))
        {
            // A rolling history window ("ending yesterday") moves daily; drop the catalogs of earlier days.
            foreach (var stale in _catalogs.Keys.Where(k => k.Slug == key.Slug && k.End != key.End))
            {
                _catalogs.TryRemove(stale, out _);
            }
            lazy = _catalogs.GetOrAdd(key, k => new Lazy<SandboxCatalog>(
                () => new SandboxCatalog(account, (ulong)Options.Seed, k.End, Options.HistoryDays)));
        }
        return lazy.Value;
    }
}
