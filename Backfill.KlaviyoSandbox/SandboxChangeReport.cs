namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Answer of <c>POST /_control/changes</c> (snake_case JSON): what this request changed, anything it could not do as
/// asked (<see cref="Notes"/>), and the account's cumulative totals.
/// </summary>
internal sealed record SandboxChangeReport(
    string Account,
    int Change,
    string ArrivedAt,
    IReadOnlyList<SandboxChangeReport.DayOrders> AddedOrders,
    IReadOnlyList<SandboxChangeReport.DayOrders> DeletedOrders,
    IReadOnlyList<SandboxChangeReport.CampaignChange> UpdatedCampaigns,
    IReadOnlyList<string> DeletedCampaigns,
    IReadOnlyList<string> DeletedFlows,
    IReadOnlyList<string> Notes,
    SandboxChangeReport.Cumulative Totals)
{
    /// <summary>Order events added to or deleted from one account-local day (<c>event_ids</c> in time order).</summary>
    public sealed record DayOrders(string Date, int Requested, IReadOnlyList<string> EventIds);

    public sealed record CampaignChange(string Id, string Name, string UpdatedAt);

    /// <summary>Everything changed in the account since start-up or the last undo.</summary>
    public sealed record Cumulative(long AddedOrders, long DeletedOrders, int UpdatedCampaigns, int DeletedCampaigns, int DeletedFlows);
}
