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

    protected override IDocumentStore OpenStore() => emulator.CreateStore(_project);
}
