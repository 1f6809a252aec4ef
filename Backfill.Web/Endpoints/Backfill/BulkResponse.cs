using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Bulk;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The answer to a bulk command: counts, then each client in the order asked.</summary>
internal sealed record BulkResponse(string Action, int Requested, int Accepted, int Refused, IReadOnlyList<BulkClientResponse> Results)
{
    public static BulkResponse From(BulkResult result) => new(
        result.Action.ToWire(), result.Clients.Count, result.AcceptedCount, result.RefusedCount,
        [.. result.Clients.Select(BulkClientResponse.From)]);
}

/// <param name="Outcome"><c>accepted</c> (the command took effect or was queued) or <c>refused</c>.</param>
/// <param name="Refusal">Why it was refused: <c>not_found</c>, <c>conflict</c> (the client's state does not allow it), <c>invalid</c>, <c>forbidden</c>; null when accepted.</param>
/// <param name="Status">The client's backfill status after the command (<c>queued</c>, <c>failed</c>, …), when it is registered.</param>
internal sealed record BulkClientResponse(string ClientId, string Outcome, string? Refusal, string Message, string? Status)
{
    public static BulkClientResponse From(BulkClientResult c) => new(
        c.ClientId.Value,
        c.Accepted ? "accepted" : "refused",
        c.Outcome switch
        {
            BackfillCommandOutcome.Accepted => null,
            BackfillCommandOutcome.NotFound => "not_found",
            BackfillCommandOutcome.Conflict => "conflict",
            BackfillCommandOutcome.Invalid => "invalid",
            BackfillCommandOutcome.Forbidden => "forbidden",
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Outcome, null),
        },
        c.Message,
        c.Status?.State.ToWire());
}
