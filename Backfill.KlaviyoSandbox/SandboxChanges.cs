namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The changes the control endpoint made, per account, held in memory until undone. Requests read an account's
/// current <see cref="SandboxChangeSet"/>; changes replace it whole, so readers never need the lock for long.
/// </summary>
internal sealed class SandboxChanges
{
    private readonly Dictionary<string, SandboxChangeSet> _sets = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SandboxChangeSet Current(string account)
    {
        lock (_lock)
        {
            return _sets.GetValueOrDefault(account) ?? SandboxChangeSet.Empty;
        }
    }

    /// <summary>Adds <paramref name="request"/>'s changes to the account's earlier ones and reports what changed.</summary>
    public SandboxChangeReport Apply(SandboxCatalog catalog, SandboxChangeRequest request, DateTimeOffset now)
    {
        lock (_lock)
        {
            var slug = request.Account.Slug;
            var (next, report) = SandboxChangeApplier.Apply(catalog, _sets.GetValueOrDefault(slug) ?? SandboxChangeSet.Empty, request, now);
            _sets[slug] = next;
            return report;
        }
    }

    /// <summary>Undoes every change of one account, or of all accounts when <paramref name="account"/> is null.</summary>
    public void Reset(string? account)
    {
        lock (_lock)
        {
            if (account is null)
            {
                _sets.Clear();
            }
            else
            {
                _sets.Remove(account);
            }
        }
    }
}
