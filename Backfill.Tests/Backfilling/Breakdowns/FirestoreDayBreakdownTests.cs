using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Backfilling.Breakdowns;

/// <summary>The breakdown checks against the real Firestore emulator (a project per store).</summary>
public sealed class FirestoreDayBreakdownTests(FirestoreEmulator emulator) : DayBreakdownContract
{
    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(emulator.CreateStore(FirestoreEmulator.NewProjectId("breakdown")));
}
