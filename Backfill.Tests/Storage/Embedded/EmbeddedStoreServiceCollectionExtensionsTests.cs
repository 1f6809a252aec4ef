using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Backfill.Tests.Storage.Embedded;

public sealed class EmbeddedStoreServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddEmbeddedStore_ConfiguredPath_RegistersConcreteSingletonOnThatFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "backfill-embedded-di-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(directory, "nested", "store.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:Path"] = file })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);

        services.AddEmbeddedStore();
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<EmbeddedDocumentStore>();

            Assert.Same(store, provider.GetRequiredService<EmbeddedDocumentStore>());
            Assert.Null(provider.GetService<Backfill.Services.Storage.IDocumentStore>());
            Assert.Equal(("Embedded", file), (store.Description.Provider, store.Description.Target));
            Assert.True(File.Exists(file));
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task AddEmbeddedStore_RelativePath_ResolvesAgainstContentRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "backfill-embedded-root-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = root });

        services.AddEmbeddedStore();
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<EmbeddedDocumentStore>();

            Assert.Equal(Path.Combine(root, "App_Data", "backfill.db"), store.Description.Target);
        }

        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void EmbeddedStoreOptions_Default_IsAppDataFile()
    {
        Assert.Equal("App_Data/backfill.db", new EmbeddedStoreOptions().Path);
        Assert.Equal("Storage:Embedded", EmbeddedStoreOptions.SectionName);
    }
}
