using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Quota;

/// <summary>The ledger on the Firestore emulator (increments are Firestore's own <c>increment</c> transform).</summary>
public sealed class FirestoreReportingQuotaLedgerTests(FirestoreEmulator emulator) : ReportingQuotaLedgerContract
{
    private readonly string _projectId = FirestoreEmulator.NewProjectId("quota");

    protected override IDocumentStore OpenStore() => emulator.CreateStore(_projectId);
}
