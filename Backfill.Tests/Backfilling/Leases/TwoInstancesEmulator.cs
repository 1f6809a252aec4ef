using Backfill.Services.Firestore;
using Backfill.Tests.Chaos;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>
/// A fresh Firestore emulator process for the two-instance tests alone, started on a free loopback port and killed by
/// its pid at the end. The emulator answers a query by scanning what it holds, so on the emulator the rest of the
/// suite shares (the chaos cases write whole runs into it) a survivor wrote about a day a minute and a restarted
/// instance took over a minute to answer a status read; here it holds one test's documents at a time (each test
/// wipes its project when it ends).
/// </summary>
public sealed class TwoInstancesEmulator : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "backfill-leases-emulator-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private EmulatorProcess? _emulator;

    /// <summary><c>127.0.0.1:port</c> of the running emulator.</summary>
    public string Host => _emulator?.Host ?? throw new InvalidOperationException("the emulator has not started");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // A 60-day run of northloop-outfitters is ~30k orders plus their daily copies: with the chaos scenarios' 1 GB
        // heap the emulator spent most of its time in full collections (old generation 99.95% full, 253 s of them).
        _emulator = await EmulatorProcess.StartAsync(_directory, heapMegabytes: 3072);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The killed emulator may still hold its log for a moment; the temp folder is cleaned eventually.
        }
    }

    public FirestoreDocumentStore CreateStore(string projectId) => FirestoreDocumentStore.Create(new FirestoreOptions
    {
        ProjectId = projectId,
        EmulatorHost = Host,
        RetryBaseDelay = TimeSpan.Zero,
    });

    /// <summary>Deletes every document of a project (the emulator's own wipe endpoint), so the next test scans only its own.</summary>
    public async Task WipeAsync(string projectId)
    {
        using var response = await _http.DeleteAsync(new Uri($"http://{Host}/emulator/v1/projects/{projectId}/databases/(default)/documents"));
        response.EnsureSuccessStatusCode();
    }
}
