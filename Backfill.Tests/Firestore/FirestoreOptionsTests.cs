using Backfill.Services.Firestore;

namespace Backfill.Tests.Firestore;

public sealed class FirestoreOptionsTests
{
    private static string? Environment(string name) => name == "FIRESTORE_EMULATOR_HOST" ? " 127.0.0.1:9999 " : null;

    [Fact]
    public void ApplyEnvironment_NoHostConfigured_TakesTheEmulatorVariable()
    {
        var options = new FirestoreOptions { ProjectId = "p" };

        options.ApplyEnvironment(Environment);

        Assert.True(options.UsesEmulator);
        Assert.Equal(new Uri("http://127.0.0.1:9999/v1/"), options.BaseAddress);
    }

    [Fact]
    public void ApplyEnvironment_HostConfigured_KeepsIt()
    {
        var options = new FirestoreOptions { ProjectId = "p", EmulatorHost = "127.0.0.1:1234" };

        options.ApplyEnvironment(Environment);

        Assert.Equal("127.0.0.1:1234", options.ResolvedEmulatorHost);
    }

    [Fact]
    public void UsesEmulator_NothingConfiguredInCode_IsProductionWhateverTheEnvironment()
    {
        var options = new FirestoreOptions { ProjectId = "p" };

        Assert.False(options.UsesEmulator);
        Assert.Equal(new Uri("https://firestore.googleapis.com/v1/"), options.BaseAddress);
        Assert.Equal(9_437_184, options.MaxRequestBytes);
    }
}
