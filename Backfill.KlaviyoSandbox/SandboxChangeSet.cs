using System.Collections.Immutable;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Everything the control endpoint changed in one account, as an immutable snapshot: each request reads one snapshot,
/// so a change arriving mid-request never shows half-applied. <see cref="Empty"/> changes nothing.
/// </summary>
internal sealed record SandboxChangeSet
{
    public static SandboxChangeSet Empty { get; } = new();

    /// <summary>Number of accepted change requests; seeds each request's choices so a replay gives the same result.</summary>
    public int Counter { get; init; }

    /// <summary>Orders added so far; added orders are numbered after every generated one, in arrival order.</summary>
    public long ArrivedOrders { get; init; }

    public ImmutableDictionary<DateOnly, ImmutableList<SandboxOrderArrival>> Arrivals { get; init; } =
        ImmutableDictionary<DateOnly, ImmutableList<SandboxOrderArrival>>.Empty;

    /// <summary>Ids of deleted order events per account-local day (generated or added ones).</summary>
    public ImmutableDictionary<DateOnly, ImmutableHashSet<string>> Deletions { get; init; } =
        ImmutableDictionary<DateOnly, ImmutableHashSet<string>>.Empty;

    /// <summary>Edited campaigns by campaign id.</summary>
    public ImmutableDictionary<string, SandboxCampaignEdit> CampaignEdits { get; init; } =
        ImmutableDictionary.Create<string, SandboxCampaignEdit>(StringComparer.Ordinal);

    public ImmutableHashSet<string> DeletedCampaigns { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public ImmutableHashSet<string> DeletedFlows { get; init; } = ImmutableHashSet.Create<string>(StringComparer.Ordinal);

    public bool ChangesOrders => !Arrivals.IsEmpty || !Deletions.IsEmpty;

    /// <summary>The account's campaigns as a listing shows them: deleted ones gone, edited ones renamed.</summary>
    public IReadOnlyList<SandboxCampaign> Campaigns(SandboxCatalog catalog) =>
        CampaignEdits.IsEmpty && DeletedCampaigns.IsEmpty
            ? catalog.Campaigns
            : [.. catalog.Campaigns
                .Where(c => !DeletedCampaigns.Contains(c.Id))
                .Select(c => CampaignEdits.TryGetValue(c.Id, out var edit) ? c with { Name = edit.Name, UpdatedAt = edit.UpdatedAt } : c)];

    /// <summary>The account's flows as a listing shows them: deleted ones gone.</summary>
    public IReadOnlyList<SandboxFlow> Flows(SandboxCatalog catalog) =>
        DeletedFlows.IsEmpty ? catalog.Flows : [.. catalog.Flows.Where(f => !DeletedFlows.Contains(f.Id))];
}
