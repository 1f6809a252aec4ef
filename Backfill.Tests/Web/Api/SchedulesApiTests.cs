using System.Net;
using System.Text;
using System.Text.Json;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Api;

/// <summary>The schedules API in the whole app (embedded store, demo clients): list, set, refuse, pause.</summary>
public sealed class SchedulesApiTests
{
    private const string Client = "rogue-creamery";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_EveryClientFollowsTheDefault_WithNextRunInUtcAndLocal()
    {
        await using var app = await BackfillApp.StartAsync();

        using var response = await app.Client.GetAsync("/api/schedules", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("paused").GetBoolean());
        Assert.Equal(30, body.GetProperty("stagger_minutes").GetInt32());
        var defaults = body.GetProperty("default");
        Assert.Equal(("0 3 * * *", "refresh", true, "every day at 03:00"),
            (defaults.GetProperty("cron").GetString(), defaults.GetProperty("kind").GetString(), defaults.GetProperty("enabled").GetBoolean(), defaults.GetProperty("description").GetString()));
        var clients = body.GetProperty("clients").EnumerateArray().ToList();
        Assert.Equal(app.Coordinator.Board.Statuses.Count, clients.Count);
        var client = clients.Single(c => c.GetProperty("client_id").GetString() == Client);
        Assert.Equal("default", client.GetProperty("source").GetString());
        Assert.Null(client.GetProperty("last").GetString());
        // This app's scheduler is off (Schedules:Enabled=false in tests): nothing will run, so no next run is promised.
        Assert.Equal(JsonValueKind.Null, client.GetProperty("next_run_utc").ValueKind);
    }

    [Fact]
    public async Task Put_SetsTheClientsOwnSchedule_ShownWithNextRunsInUtcAndLocal_AndStored()
    {
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?> { ["Schedules:Enabled"] = "true", ["Schedules:CheckInterval"] = "00:10:00" });

        using var put = await PutAsync(app, $"/api/clients/{Client}/schedule", """{"cron":"30 6 * * 1-5","kind":"backfill","enabled":true}""");
        var saved = JsonDocument.Parse(await put.Content.ReadAsStringAsync(Ct)).RootElement;
        using var list = await app.Client.GetAsync("/api/schedules", Ct);
        var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("clients").EnumerateArray()
            .Single(c => c.GetProperty("client_id").GetString() == Client);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(("own", "30 6 * * 1-5", "backfill"), (saved.GetProperty("source").GetString(), saved.GetProperty("cron").GetString(), saved.GetProperty("kind").GetString()));
        Assert.Equal("own", listed.GetProperty("source").GetString());
        var timeZone = listed.GetProperty("timezone").GetString()!;
        Assert.StartsWith("every weekday (Monday to Friday) at 06:30, ", listed.GetProperty("description").GetString(), StringComparison.Ordinal);
        var utc = listed.GetProperty("next_run_utc").GetDateTimeOffset();
        var local = listed.GetProperty("next_run_local").GetDateTimeOffset();
        Assert.Equal(utc, local);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById(timeZone).GetUtcOffset(utc), local.Offset);
        // Staggered: 06:30 local plus this client's fixed offset, which is under 30 minutes.
        var stagger = TimeSpan.FromSeconds(listed.GetProperty("stagger_seconds").GetInt32());
        Assert.Equal(ScheduleStagger.Offset(ClientId.Parse(Client), 30), stagger);
        Assert.Equal(new TimeOnly(6, 30).Add(stagger), TimeOnly.FromDateTime(local.DateTime));
        Assert.True(utc > DateTimeOffset.UtcNow);
        Assert.NotNull(await app.Store.GetAsync(DataLayout.Schedule(ClientId.Parse(Client)), Ct));
    }

    [Theory]
    [InlineData("""{"cron":"0 3 * *"}""", "cron")]
    [InlineData("""{"cron":"0 25 * * *","kind":"refresh","enabled":true}""", "cron")]
    [InlineData("""{"cron":"0 3 * * *","kind":"weekly"}""", "kind")]
    public async Task Put_BadValue_Is400ProblemNamingTheField_AndChangesNothing(string json, string field)
    {
        await using var app = await BackfillApp.StartAsync();

        using var response = await PutAsync(app, $"/api/clients/{Client}/schedule", json);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Null(await app.Store.GetAsync(DataLayout.Schedule(ClientId.Parse(Client)), Ct));
    }

    [Fact]
    public async Task Put_UnknownClient_Is404()
    {
        await using var app = await BackfillApp.StartAsync();

        using var response = await PutAsync(app, "/api/clients/nobody/schedule", """{"cron":"0 3 * * *"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DefaultAndPause_ChangeWhatEveryClientFollows_AndDeleteReturnsAClientToTheDefault()
    {
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?> { ["Schedules:Enabled"] = "true", ["Schedules:CheckInterval"] = "00:10:00" });
        using var own = await PutAsync(app, $"/api/clients/{Client}/schedule", """{"cron":"0 5 * * *"}""");

        using var setDefault = await PutAsync(app, "/api/schedules/default", """{"cron":"15 4 * * 0","kind":"refresh","enabled":true}""");
        using var reset = await app.Client.DeleteAsync($"/api/clients/{Client}/schedule", Ct);
        using var pause = await PutAsync(app, "/api/schedules/pause", """{"paused":true}""");
        using var list = await app.Client.GetAsync("/api/schedules", Ct);
        var body = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { own.StatusCode, setDefault.StatusCode, reset.StatusCode, pause.StatusCode });
        Assert.True(body.GetProperty("paused").GetBoolean());
        Assert.Equal("every Sunday at 04:15", body.GetProperty("default").GetProperty("description").GetString());
        Assert.All(body.GetProperty("clients").EnumerateArray(), c =>
        {
            Assert.Equal(("default", "15 4 * * 0"), (c.GetProperty("source").GetString(), c.GetProperty("cron").GetString()));
            Assert.Equal(JsonValueKind.Null, c.GetProperty("next_run_utc").ValueKind);
        });
        Assert.Null(await app.Store.GetAsync(DataLayout.Schedule(ClientId.Parse(Client)), Ct));
    }

    [Fact]
    public async Task List_ShowsTheLastOutcome_ASkipWithItsReason()
    {
        await using var app = await BackfillApp.StartAsync();
        var at = DateTimeOffset.UtcNow;
        await app.Services.GetRequiredService<ScheduleBook>().RecordAsync(
            [new ScheduleRunState(ClientId.Parse(Client), at.AddDays(-1), at.AddMinutes(-5), at, ScheduleOutcome.Skipped, $"{Client} was already in progress; a schedule never starts a second run", ScheduleKind.Refresh, "run-1")],
            Ct);

        using var list = await app.Client.GetAsync("/api/schedules", Ct);
        var client = JsonDocument.Parse(await list.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("clients").EnumerateArray()
            .Single(c => c.GetProperty("client_id").GetString() == Client);

        var last = client.GetProperty("last");
        Assert.Equal("skipped", last.GetProperty("outcome").GetString());
        Assert.Contains("already in progress", last.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("run-1", last.GetProperty("run_id").GetString());
    }

    private static Task<HttpResponseMessage> PutAsync(BackfillApp app, string url, string json) =>
        app.Client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
}
