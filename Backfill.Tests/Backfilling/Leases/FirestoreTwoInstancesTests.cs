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

    // On this machine under a load of 45-70, with the emulator shared by other test runs, renewal commits measured
    // p50 0.6 s, p90 3.5 s, max 10 s, and a few took over 11 s: a 15 s lease was lost now and then. Production
    // Firestore answers in tens of milliseconds (the default lease is 60 s).
    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(30);

    // Both failed in the two fresh-clone CI runs of 2026-12-06/07 (they passed when run alone): on the emulator that CI
    // shares with the Firestore chaos cases added that day, the survivor wrote about a day a minute (80 of 90 days in
    // 8 minutes) and a restarted instance answered a status read after more than 60 s. The same scenarios run on the
    // embedded store here, and kill -9 with resume on Firestore runs in the chaos suite. Open in issue 16.
    protected override string? FailoverSkipReason =>
        "Times out on the emulator CI shares with the Firestore chaos cases (a day a minute); passes alone (issue 16).";

    protected override IDocumentStore OpenStore() => emulator.CreateStore(_project);
}
