using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Firestore;

public sealed class FirestoreServiceCollectionExtensionsTests(FirestoreEmulator emulator)
{
    [Fact]
    public async Task AddFirestoreStore_Configured_ResolvesWorkingSingletonStore()
    {
        var projectId = FirestoreEmulator.NewProjectId("di");
        await using var provider = Build(new Dictionary<string, string?>
        {
            ["Firestore:ProjectId"] = projectId,
            ["Firestore:EmulatorHost"] = emulator.Host,
            ["Firestore:BulkWriter:MaxBatchSize"] = "250",
        });

        var store = provider.GetRequiredService<FirestoreDocumentStore>();
        var path = DocumentPath.Of("di", "doc");
        await store.CommitAsync([Write.Set(path, new Dictionary<string, object?> { ["ok"] = true })], TestContext.Current.CancellationToken);

        Assert.Same(store, provider.GetRequiredService<FirestoreDocumentStore>());
        Assert.Equal(true, (await store.GetAsync(path, TestContext.Current.CancellationToken))?.Fields["ok"]);
        Assert.Equal($"emulator {emulator.Host} project {projectId}", store.Description.Target);
        Assert.Equal(250, store.ResolveBulkWriterSettings().MaxBatchSize);
        Assert.Null(provider.GetService<IDocumentStore>());
    }

    [Fact]
    public async Task AddFirestoreStore_NoProjectId_ValidationFails()
    {
        await using var provider = Build(new Dictionary<string, string?> { ["Firestore:EmulatorHost"] = emulator.Host });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FirestoreOptions>>().Value);

        Assert.Contains("ProjectId", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddFirestoreStore();
        return services.BuildServiceProvider();
    }
}
