namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The <c>parameters</c> of a status: what the run was started with.</summary>
internal sealed record ParametersResponse(int? Years, int? Days, bool IncludeOrders, bool TestMode);
