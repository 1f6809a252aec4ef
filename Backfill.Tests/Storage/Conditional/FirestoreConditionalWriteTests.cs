using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Storage.Conditional;

/// <summary>Conditional writes against the Firestore emulator, the second client being another REST client of the same project.</summary>
public sealed class FirestoreConditionalWriteTests : ConditionalWriteContract, IDisposable
{
    private readonly FirestoreDocumentStore first;
    private readonly FirestoreDocumentStore second;

    public FirestoreConditionalWriteTests(FirestoreEmulator emulator)
    {
        var project = FirestoreEmulator.NewProjectId("conditional");
        first = emulator.CreateStore(project);
        second = emulator.CreateStore(project);
    }

    protected override IDocumentStore Store => first;

    protected override IDocumentStore SecondStore => second;

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }
}
