using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Infrastructure;

namespace Backfill.Tests.Chaos;

/// <summary>The store a chaos scenario's app process writes to, and how the test opens the same store afterwards.</summary>
internal abstract class ChaosStore
{
    /// <summary>Environment settings that point the app at this store.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The same store, opened in the test process (dispose it).</summary>
    public abstract IDocumentStore Open();

    /// <summary>Disposes a store from <see cref="Open"/> (the embedded one is async-disposable, Firestore's is not).</summary>
    public static async ValueTask CloseAsync(IDocumentStore store)
    {
        if (store is IAsyncDisposable asynchronous)
        {
            await asynchronous.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    public static ChaosStore Create(ChaosStoreKind kind, string directory, FirestoreEmulator emulator) => kind switch
    {
        ChaosStoreKind.Embedded => new Embedded(Path.Combine(directory, "app.db")),
        _ => new Firestore(emulator.Host, FirestoreEmulator.NewProjectId("chaos")),
    };

    internal sealed class Embedded(string path) : ChaosStore
    {
        public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Embedded",
            ["Storage__Embedded__Path"] = path,
        };

        public override IDocumentStore Open() => new EmbeddedDocumentStore(path);
    }

    /// <summary>A project of its own on an emulator (the shared one, or one the scenario kills and restarts).</summary>
    internal sealed class Firestore(string emulatorHost, string projectId) : ChaosStore
    {
        public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Firestore",
            ["Firestore__ProjectId"] = projectId,
            ["Firestore__EmulatorHost"] = emulatorHost,
        };

        public override IDocumentStore Open() => Services.Firestore.FirestoreDocumentStore.Create(new Services.Firestore.FirestoreOptions
        {
            ProjectId = projectId,
            EmulatorHost = emulatorHost,
            RetryBaseDelay = TimeSpan.Zero,
        });
    }
}
