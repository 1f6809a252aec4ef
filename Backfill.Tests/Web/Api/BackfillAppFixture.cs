namespace Backfill.Tests.Web.Api;

/// <summary>One running app (local mode, Development, on Kestrel) shared by a test class whose tests change nothing.</summary>
public sealed class BackfillAppFixture : IAsyncLifetime
{
    internal BackfillApp App { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    internal Uri Server => App.Client.BaseAddress!;

    public async ValueTask InitializeAsync() => App = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
