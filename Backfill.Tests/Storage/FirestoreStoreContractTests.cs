using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Storage;

/// <summary>The store contract against the real Firestore emulator, in a project of its own.</summary>
public sealed class FirestoreStoreContractTests(FirestoreEmulator emulator) : DocumentStoreContract, IDisposable
{
    private readonly FirestoreDocumentStore store = emulator.CreateStore(FirestoreEmulator.NewProjectId("contract"));

    protected override IDocumentStore Store => store;

    public void Dispose() => store.Dispose();
}
