using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Unstorable;

/// <summary>Unstorable orders against the Firestore emulator (a project per store).</summary>
public sealed class FirestoreUnstorableOrderTests(FirestoreEmulator emulator) : UnstorableOrderContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(emulator.CreateStore(FirestoreEmulator.NewProjectId("unstorable")));
}
