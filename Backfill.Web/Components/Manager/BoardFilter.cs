using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager;

/// <summary>The rows the grid shows: a status filter (null = all) and a search over client name and id.</summary>
internal static class BoardFilter
{
    public static IReadOnlyList<BackfillStatus> Apply(IReadOnlyList<BackfillStatus> statuses, BackfillState? state, string? search)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var term = search?.Trim();
        return statuses
            .Where(status => state is null || status.State == state)
            .Where(status => string.IsNullOrEmpty(term)
                || status.ClientId.Value.Contains(term, StringComparison.OrdinalIgnoreCase)
                || status.ClientName.Contains(term, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }
}
