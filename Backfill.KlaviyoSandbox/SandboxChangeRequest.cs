namespace Backfill.KlaviyoSandbox;

/// <summary>A validated <c>POST /_control/changes</c> body: every date lies in the account's past history, every count is bounded.</summary>
internal sealed record SandboxChangeRequest(
    SandboxAccountDefinition Account,
    IReadOnlyList<SandboxDayCount> AddOrders,
    IReadOnlyList<SandboxDayCount> DeleteOrders,
    int UpdateCampaigns,
    int DeleteCampaigns,
    int DeleteFlows);
