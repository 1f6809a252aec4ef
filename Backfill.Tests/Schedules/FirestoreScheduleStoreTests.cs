using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Schedules;

/// <summary>The schedule store contract on the Firestore emulator, each test class in a project of its own.</summary>
public sealed class FirestoreScheduleStoreTests(FirestoreEmulator emulator) : ScheduleStoreContract, IDisposable
{
    private readonly FirestoreDocumentStore _store = emulator.CreateStore(FirestoreEmulator.NewProjectId("schedules"));

    protected override IDocumentStore Store => _store;

    public void Dispose() => _store.Dispose();
}
