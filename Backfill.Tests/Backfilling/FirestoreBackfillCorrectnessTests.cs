using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling;

/// <summary>The backfill correctness checks against the real Firestore emulator (a project per store).</summary>
public sealed class FirestoreBackfillCorrectnessTests(FirestoreEmulator emulator) : BackfillCorrectnessContract
{
    protected override bool QueryEveryDay => false;

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(emulator.CreateStore(FirestoreEmulator.NewProjectId("engine")));
}
