using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Leases;

/// <summary>
/// A write of a run's status or checkpoint was refused because another instance now holds the client's lease (or it
/// ran out): the run must stop without writing anything more. A <see cref="StoreException"/> (FAILED_PRECONDITION),
/// so code that saves quietly treats it as any refused write.
/// </summary>
public sealed class LeaseLostException(string clientId)
    : StoreException(StoreErrorCode.FailedPrecondition, $"the run lease of {clientId} is held by another instance", $"backfill_status/{clientId}");
