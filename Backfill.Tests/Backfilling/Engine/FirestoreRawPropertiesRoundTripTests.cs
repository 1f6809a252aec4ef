using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Engine;

/// <summary>The raw-properties round trip against the Firestore emulator, in a project of its own.</summary>
public sealed class FirestoreRawPropertiesRoundTripTests(FirestoreEmulator emulator) : RawPropertiesRoundTripContract, IDisposable
{
    private readonly FirestoreDocumentStore store = emulator.CreateStore(FirestoreEmulator.NewProjectId("rawprops"));

    protected override IDocumentStore Store => store;

    public void Dispose() => store.Dispose();
}
