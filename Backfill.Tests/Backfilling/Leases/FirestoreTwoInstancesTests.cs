using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>Two app processes on one Firestore emulator project.</summary>
public sealed class FirestoreTwoInstancesTests(FirestoreEmulator emulator) : TwoInstancesContract
{
    private readonly string _project = FirestoreEmulator.NewProjectId("leases");

    protected override IReadOnlyDictionary<string, string> StoreEnvironment => new Dictionary<string, string>
    {
        ["Storage__Provider"] = "Firestore",
        ["Firestore__ProjectId"] = _project,
        ["Firestore__EmulatorHost"] = emulator.Host,
    };

    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(15);

    // Failed in most runs on a loaded emulator: a client finished on B stays in_progress on A's board (the poll's
    // updated_at watermark misses a slow commit), and a holder that cannot renew within 15 s loses its run. Open in
    // issue 16; the cancel, kill -9 and fencing cases run on this store.
    protected override string? StartAllSkipReason =>
        "Known failure on the Firestore emulator under load: a client finished on one instance can stay in progress on the other's board (issue 16).";

    protected override IDocumentStore OpenStore() => emulator.CreateStore(_project);
}
