using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Bulk;

/// <summary>What a bulk command did to one client: the single-client command's own answer.</summary>
public sealed record BulkClientResult(ClientId ClientId, BackfillCommandOutcome Outcome, string Message, BackfillStatus? Status)
{
    public bool Accepted => Outcome == BackfillCommandOutcome.Accepted;
}

/// <summary>What a bulk command did, client by client in the order asked.</summary>
public sealed record BulkResult(BulkAction Action, IReadOnlyList<BulkClientResult> Clients)
{
    public int AcceptedCount => Clients.Count(c => c.Accepted);

    public int RefusedCount => Clients.Count - AcceptedCount;
}
