namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Every account one sandbox serves: the fixed demo accounts, then the generated ones
/// (<see cref="SandboxOptions.GeneratedAccounts"/>). Built once per sandbox; lookups are dictionary reads, so a fleet of
/// hundreds of accounts costs each request no more than three did.
/// </summary>
internal sealed class SandboxAccounts
{
    private readonly Dictionary<string, SandboxAccountDefinition> _bySlug = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SandboxAccountDefinition> _byKey = new(StringComparer.Ordinal);

    public SandboxAccounts(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        All = [.. SandboxAccountDefinitions.Fixed, .. SandboxGeneratedAccounts.Build(options.GeneratedAccounts).Select(g => g.Definition)];
        foreach (var account in All)
        {
            _bySlug[account.Slug] = account;
            _byKey[account.ApiKey] = account;
        }

        // Configured extra keys never shadow a built-in one.
        foreach (var (slug, key) in options.AccountKeys)
        {
            if (_bySlug.TryGetValue(slug, out var account) && !string.IsNullOrEmpty(key))
            {
                _byKey.TryAdd(key, account);
            }
        }
    }

    public IReadOnlyList<SandboxAccountDefinition> All { get; }

    /// <summary>
    /// The account whose built-in key (<c>pk_sandbox_{slug}</c>) or configured extra key
    /// (<see cref="SandboxOptions.AccountKeys"/>, keyed by slug) is <paramref name="key"/>; null when none is.
    /// </summary>
    public SandboxAccountDefinition? FindByKey(string key) => _byKey.GetValueOrDefault(key);

    public SandboxAccountDefinition? FindBySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The accounts' slugs for an error message: the fixed ones by name, the generated ones as a range.</summary>
    public string DescribeSlugs()
    {
        var fixedSlugs = string.Join(", ", SandboxAccountDefinitions.Fixed.Select(a => a.Slug));
        var generated = All.Count - SandboxAccountDefinitions.Fixed.Count;
        return generated switch
        {
            0 => fixedSlugs,
            1 => fixedSlugs + ", " + SandboxGeneratedAccounts.Slug(1),
            _ => fixedSlugs + ", " + SandboxGeneratedAccounts.Slug(1) + " … " + SandboxGeneratedAccounts.Slug(generated),
        };
    }
}
