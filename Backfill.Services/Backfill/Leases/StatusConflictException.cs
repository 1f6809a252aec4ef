using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Leases;

/// <summary>A command's status write found the status changed by another instance since it was read; the newer one is now shown.</summary>
public sealed class StatusConflictException(string clientId)
    : StoreException(StoreErrorCode.FailedPrecondition, $"the status of {clientId} was changed by another instance; look again and retry", $"backfill_status/{clientId}");
