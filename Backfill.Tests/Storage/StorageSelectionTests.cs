using Backfill.Services.Storage;
using Microsoft.Extensions.Configuration;

namespace Backfill.Tests.Storage;

public sealed class StorageSelectionTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Choose_NothingConfigured_IsEmbedded()
    {
        Assert.Equal(StorageProvider.Embedded, StorageSelection.Choose(Config(), NoEnvironment));
        Assert.Equal(StorageProvider.Embedded, StorageSelection.Choose(Config(("Storage:Provider", "Auto"), ("Firestore:ProjectId", "")), NoEnvironment));
    }

    [Theory]
    [InlineData("Firestore:ProjectId", "my-project")]
    [InlineData("Firestore:EmulatorHost", "127.0.0.1:8080")]
    public void Choose_FirestoreSettingPresent_IsFirestore(string key, string value)
    {
        Assert.Equal(StorageProvider.Firestore, StorageSelection.Choose(Config((key, value)), NoEnvironment));
    }

    [Fact]
    public void Choose_EmulatorVariableSet_IsFirestore()
    {
        var provider = StorageSelection.Choose(Config(), name => name == "FIRESTORE_EMULATOR_HOST" ? "127.0.0.1:9000" : null);

        Assert.Equal(StorageProvider.Firestore, provider);
    }

    [Fact]
    public void Choose_ExplicitProvider_WinsOverTheEnvironment()
    {
        var provider = StorageSelection.Choose(Config(("Storage:Provider", "embedded")), _ => "127.0.0.1:9000");

        Assert.Equal(StorageProvider.Embedded, provider);
    }

    [Fact]
    public void Choose_UnknownProvider_SaysWhatIsAllowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageSelection.Choose(Config(("Storage:Provider", "Mongo")), NoEnvironment));

        Assert.Contains("Embedded, Firestore or Auto", error.Message, StringComparison.Ordinal);
    }
}
