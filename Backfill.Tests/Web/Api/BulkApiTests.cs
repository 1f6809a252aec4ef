using System.Net;
using System.Text;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Tests.Web.Api;

/// <summary><c>POST /api/backfill/bulk</c> end to end: each client through the single-client state rules, answered one by one.</summary>
public sealed class BulkApiTests : IAsyncLifetime
{
    private BackfillApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _app = await BackfillApp.StartAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> BulkAsync(string json)
    {
        using var response = await _app.Client.PostAsync("/api/backfill/bulk", new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static JsonElement Result(JsonElement body, string clientId) =>
        body.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("client_id").GetString() == clientId);

    [Fact]
    public async Task Bulk_AnswersEachClient_ThroughTheSingleClientStateRules()
    {
        // Long runs (3 years of the two larger accounts), so both are still busy when the next commands arrive.
        var (status, started) = await BulkAsync("""{"action":"start","clients":["northloop-outfitters","rogue-creamery"],"years":3}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("start", started.GetProperty("action").GetString());
        Assert.Equal(2, started.GetProperty("accepted").GetInt32());
        Assert.All(started.GetProperty("results").EnumerateArray(), r => Assert.Equal("accepted", r.GetProperty("outcome").GetString()));

        // Retry: running clients cannot be retried, an idle one neither, an unknown one is not found — all in one answer.
        var (_, retried) = await BulkAsync("""{"action":"retry","clients":["northloop-outfitters","alder-and-ash","no-such-client"]}""");
        Assert.Equal(3, retried.GetProperty("requested").GetInt32());
        Assert.Equal(0, retried.GetProperty("accepted").GetInt32());
        Assert.Equal(3, retried.GetProperty("refused").GetInt32());
        Assert.Equal("conflict", Result(retried, "northloop-outfitters").GetProperty("refusal").GetString());
        Assert.Contains("Only a failed or cancelled backfill can be retried", Result(retried, "alder-and-ash").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("not_found", Result(retried, "no-such-client").GetProperty("refusal").GetString());

        // Cancel: the two running are cancelled, the idle one is refused with the coordinator's reason; order is kept.
        var (_, cancelled) = await BulkAsync("""{"action":"cancel","clients":["alder-and-ash","northloop-outfitters","rogue-creamery"]}""");
        Assert.Equal(["alder-and-ash", "northloop-outfitters", "rogue-creamery"], cancelled.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("client_id").GetString()));
        Assert.Equal("refused", Result(cancelled, "alder-and-ash").GetProperty("outcome").GetString());
        Assert.Contains("is not running", Result(cancelled, "alder-and-ash").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("accepted", Result(cancelled, "northloop-outfitters").GetProperty("outcome").GetString());
        Assert.Equal("accepted", Result(cancelled, "rogue-creamery").GetProperty("outcome").GetString());
        await WaitForStateAsync("northloop-outfitters", BackfillState.Cancelled);
        await WaitForStateAsync("rogue-creamery", BackfillState.Cancelled);

        // Now both are cancelled, so retry accepts them and still refuses the idle one.
        var (_, again) = await BulkAsync("""{"action":"retry","clients":["northloop-outfitters","rogue-creamery","alder-and-ash"]}""");
        Assert.Equal(2, again.GetProperty("accepted").GetInt32());
        Assert.Equal("refused", Result(again, "alder-and-ash").GetProperty("outcome").GetString());
        Assert.Equal("queued", Result(again, "rogue-creamery").GetProperty("status").GetString());
        await BulkAsync("""{"action":"cancel","clients":["northloop-outfitters","rogue-creamery"]}""");
    }

    [Fact]
    public async Task Bulk_ValidateRefusesWithTheReason_AndPauseScheduleDisablesWhatTheClientFollows()
    {
        var (_, validated) = await BulkAsync("""{"action":"validate","clients":["alder-and-ash"]}""");
        Assert.Equal("conflict", Result(validated, "alder-and-ash").GetProperty("refusal").GetString());
        Assert.Contains("no copied orders", Result(validated, "alder-and-ash").GetProperty("message").GetString(), StringComparison.Ordinal);

        var (_, paused) = await BulkAsync("""{"action":"pause_schedule","clients":["alder-and-ash","no-such-client"]}""");
        var (_, again) = await BulkAsync("""{"action":"pause_schedule","clients":["alder-and-ash"]}""");
        var schedules = JsonDocument.Parse(await _app.Client.GetStringAsync("/api/schedules", Ct)).RootElement;
        var alder = schedules.GetProperty("clients").EnumerateArray().Single(c => c.GetProperty("client_id").GetString() == "alder-and-ash");

        Assert.Equal("accepted", Result(paused, "alder-and-ash").GetProperty("outcome").GetString());
        Assert.Equal("not_found", Result(paused, "no-such-client").GetProperty("refusal").GetString());
        Assert.Contains("already paused", Result(again, "alder-and-ash").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(alder.GetProperty("enabled").GetBoolean());
        Assert.Equal("own", alder.GetProperty("source").GetString());
        Assert.Equal(schedules.GetProperty("default").GetProperty("cron").GetString(), alder.GetProperty("cron").GetString());
        Assert.Equal(BackfillState.NotStarted, _app.Coordinator.Board.Find(ClientId.Parse("alder-and-ash"))!.State);
    }

    [Theory]
    [InlineData("""{"action":"explode","clients":["alder-and-ash"]}""", "action")]
    [InlineData("""{"clients":["alder-and-ash"]}""", "action")]
    [InlineData("""{"action":"start","clients":[]}""", "clients")]
    [InlineData("""{"action":"start"}""", "clients")]
    [InlineData("""{"action":"start","clients":["alder-and-ash","alder-and-ash"]}""", "clients[1]")]
    [InlineData("""{"action":"start","clients":["../etc"]}""", "clients[0]")]
    [InlineData("""{"action":"start","clients":[7]}""", "clients[0]")]
    [InlineData("""{"action":"start","clients":["alder-and-ash"],"years":99}""", "years")]
    public async Task Bulk_BadBody_Is400NamingTheField_AndStartsNothing(string json, string field)
    {
        var (status, problem) = await BulkAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.All(_app.Coordinator.Board.Statuses, s => Assert.Equal(BackfillState.NotStarted, s.State));
    }

    private async Task WaitForStateAsync(string clientId, BackfillState state)
    {
        using var subscription = _app.Coordinator.Subscribe();
        await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
        {
            if (board.Find(ClientId.Parse(clientId))?.State == state)
            {
                return;
            }
        }
    }
}
