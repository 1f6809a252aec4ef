using System.Net;
using System.Text;
using System.Text.Json;
using Backfill.Services.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Web.Api;

/// <summary>One running app for the whole table.</summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    internal BackfillApp App { get; private set; } = null!;

    // Hundreds of requests from one caller: the API rate limiter (tested on its own) is lifted so every case reaches
    // validation. The sandbox's control routes are on so their cases reach them.
    public async ValueTask InitializeAsync() => App = await BackfillApp.StartAsync(new Dictionary<string, string?>
    {
        ["Api:RateLimit:ReadPermitLimit"] = "100000",
        ["Api:RateLimit:CommandPermitLimit"] = "100000",
        ["Klaviyo:Sandbox:EnableControlEndpoint"] = "true",
    });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>Every document row of the embedded database, bytes and write times included, read beside the app's own connections.</summary>
    internal async Task<IReadOnlyList<string>> StoreRowsAsync()
    {
        var path = App.Services.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value.Path;
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT key, create_time, update_time, hex(fields) FROM documents ORDER BY key";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetInt64(2)}|{reader.GetString(3)}");
        }

        return rows;
    }

    internal IReadOnlyList<string> Board() =>
        [.. App.Coordinator.Board.Statuses.Select(s => $"{s.ClientId}|{s.ClientName}|{s.State}|{s.Parameters}").Order(StringComparer.Ordinal)];
}

/// <summary>
/// Every route that takes input, sent hostile and malformed values over a real socket: each is refused with the
/// expected status and a small problem body naming the field, never a 500, and the store and the coordinator's board
/// stay exactly as they were before the table ran. Values that sit just inside a limit are sent to the unknown client
/// "nobody" (or to a read), so "accepted" shows as 404/200 without starting a backfill.
/// </summary>
public sealed class HostileInputTests(HostileInputFixture fixture) : IClassFixture<HostileInputFixture>
{
    private const int MaxResponseBytes = 4096;

    public static TheoryData<string> Names => [.. HostileCases.All.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Send_HostileInput_IsRefusedNamingTheFieldAndChangesNothing(string name)
    {
        var hostile = HostileCases.All[name];
        var ct = TestContext.Current.CancellationToken;
        var storeBefore = await fixture.StoreRowsAsync();
        var boardBefore = fixture.Board();
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), Raw(hostile.Target)) { Content = hostile.Content?.Invoke() };
        if (request.Content?.Headers.ContentLength > 1024 * 1024)
        {
            // Kestrel refuses a body over its limit (Http:MaxRequestBodyBytes) from the Content-Length alone; asking first, as
            // large uploads should, lets the 413 arrive instead of racing the upload into a broken pipe.
            request.Headers.ExpectContinue = true;
        }

        using var response = await fixture.App.Client.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(hostile.Statuses.Contains((int)response.StatusCode), $"{name}: got {(int)response.StatusCode} {text}");
        if (!hostile.FromServer && (int)response.StatusCode >= 400)
        {
            // A refusal never echoes the (possibly huge) input back.
            Assert.True(bytes.Length <= MaxResponseBytes, $"{name}: {bytes.Length} bytes answered");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(bytes).RootElement;
            Assert.Equal((int)response.StatusCode, problem.GetProperty("status").GetInt32());
            var fields = problem.TryGetProperty("errors", out var errors) ? errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToArray() : [];
            Assert.True(hostile.Fields.Order(StringComparer.Ordinal).SequenceEqual(fields), $"{name}: expected errors for [{string.Join(", ", hostile.Fields)}], got {text}");
        }

        // Each case leaves the store and board as it found them, so the whole table leaves them as they were at start-up.
        Assert.Equal(storeBefore, await fixture.StoreRowsAsync());
        Assert.Equal(boardBefore, fixture.Board());
    }

    /// <summary>The target exactly as written: no dot-segment removal or re-escaping by <see cref="Uri"/>.</summary>
    private Uri Raw(string target) =>
        new(fixture.App.Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
