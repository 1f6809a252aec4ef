using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Tests.Web.Api;

/// <summary><c>PUT /api/clients/{client_id}</c> through the whole app: validated like registration, refused while running.</summary>
public sealed class ClientEditApiTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(string id, string json)
    {
        using var response = await _app.Client.PutAsync($"/api/clients/{id}", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<IReadOnlyDictionary<string, object?>> StoredAsync(string id) =>
        (await _app.Store.GetAsync(DataLayout.Client(ClientId.Parse(id)), Ct))!.Fields;

    [Fact]
    public async Task Put_ChangesTheEditableFields_KeepsTheId_AndTheBoardShowsTheName()
    {
        using var added = await _app.Client.PostAsJsonAsync("/api/clients", new { id = "acme-store", name = "Acme Store" }, Ct);
        var created = await StoredAsync("acme-store");

        var (status, body) = await PutAsync(
            "acme-store", """{"name":"Acme Outdoor","klaviyo_secret_name":"klaviyo-acme","placed_order_metric_id":"AbC123","refresh_lookback_days":5}""");
        var stored = await StoredAsync("acme-store");
        var listed = await _app.Client.GetFromJsonAsync<JsonElement>("/api/clients", Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("acme-store", body.GetProperty("id").GetString());
        Assert.Equal("Acme Outdoor", body.GetProperty("name").GetString());
        Assert.Equal("Acme Outdoor", stored["name"]);
        Assert.Equal("klaviyo-acme", stored["klaviyo_secret_name"]);
        Assert.Equal("AbC123", stored["placed_order_metric_id"]);
        Assert.Equal(5L, Convert.ToInt64(stored["refresh_lookback_days"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(created["created_at"], stored["created_at"]);
        Assert.Equal("Acme Outdoor", _app.Coordinator.Board.Find(ClientId.Parse("acme-store"))?.ClientName);
        Assert.Equal("Acme Outdoor", _app.Coordinator.FindClient(ClientId.Parse("acme-store"))?.Name);
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == "acme-store" && c.GetProperty("refresh_lookback_days").GetInt32() == 5);
    }

    [Fact]
    public async Task Put_LeavingOutOptionalFields_ClearsThem()
    {
        await _app.Client.PostAsJsonAsync("/api/clients", new { id = "acme-store", name = "Acme", klaviyo_secret_name = "klaviyo-acme", refresh_lookback_days = 4 }, Ct);

        var (status, _) = await PutAsync("acme-store", """{"name":"Acme"}""");
        var stored = await StoredAsync("acme-store");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(stored["klaviyo_secret_name"]);
        Assert.Null(stored["refresh_lookback_days"]);
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"klaviyo_secret_name":"klaviyo-x"}""", "name")]
    [InlineData("""{"name":"Acme","klaviyo_secret_name":"other-secret"}""", "klaviyo_secret_name")]
    [InlineData("""{"name":"Acme","placed_order_metric_id":"not a metric"}""", "placed_order_metric_id")]
    [InlineData("""{"name":"Acme","refresh_lookback_days":0}""", "refresh_lookback_days")]
    [InlineData("""{"name":"Acme","refresh_lookback_days":"five"}""", "refresh_lookback_days")]
    [InlineData("""{"id":"other-id","name":"Acme"}""", "id")]
    [InlineData("""{"name":"Acme","sandbox_account":false}""", "sandbox_account")]
    public async Task Put_BadField_Is400NamingIt_AndWritesNothing(string json, string field)
    {
        await _app.Client.PostAsJsonAsync("/api/clients", new { id = "acme-store", name = "Acme Store" }, Ct);
        var before = await StoredAsync("acme-store");

        var (status, problem) = await PutAsync("acme-store", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await StoredAsync("acme-store"));
    }

    [Fact]
    public async Task Put_WhileTheClientRuns_Is409_AsRemoveIs_AndChangesNothing()
    {
        using var started = await _app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=60", null, Ct);
        var before = await StoredAsync("rogue-creamery");

        var (status, problem) = await PutAsync("rogue-creamery", """{"name":"Renamed mid-run"}""");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("cancel it before editing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync("rogue-creamery"));
        await WaitForEndAsync("rogue-creamery");
    }

    [Fact]
    public async Task Put_UnknownClient_Is404Problem()
    {
        var (status, problem) = await PutAsync("nobody", """{"name":"Nobody"}""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("nobody", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task WaitForEndAsync(string clientId)
    {
        using var subscription = _app.Coordinator.Subscribe();
        await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
        {
            if (board.Find(ClientId.Parse(clientId)) is { } status && !status.State.IsActive())
            {
                return;
            }
        }
    }
}
