using System.Net;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Quota;
using Backfill.Services.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Api;

/// <summary><c>GET /api/quota</c> in the whole app: today's reporting calls per client, from the ledger a real run fills.</summary>
public sealed class QuotaApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Quota_ShowsTheReportingCallsARunMade_AgainstTheConfiguredBudget()
    {
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?> { ["Klaviyo:Reporting:DailyBudget"] = "40" });
        var rogue = ClientId.Parse("rogue-creamery");
        using (var start = await app.Client.PostAsync("/api/backfill/start/rogue-creamery?days=7", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        using (var subscription = app.Coordinator.Subscribe())
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
            {
                if (board.Find(rogue) is { State: BackfillState.Completed or BackfillState.Failed })
                {
                    break;
                }
            }
        }

        Assert.Equal(BackfillState.Completed, app.Coordinator.Board.Find(rogue)!.State);
        await app.Services.GetRequiredService<ReportingQuotaLedger>().MarkExhaustedAsync(ClientId.Parse("alder-and-ash"), Ct);

        using var response = await app.Client.GetAsync("/api/quota", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(40, body.GetProperty("budget").GetInt32());
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("date").GetString());
        var clients = body.GetProperty("clients").EnumerateArray().ToDictionary(c => c.GetProperty("client_id").GetString()!);
        var used = (await app.Services.GetRequiredService<ReportingQuotaLedger>().GetAsync(rogue, Ct)).Used;
        Assert.True(used >= 3, $"used: {used}");
        Assert.Equal(used, clients["rogue-creamery"].GetProperty("used").GetInt64());
        Assert.Equal(40 - used, clients["rogue-creamery"].GetProperty("remaining").GetInt64());
        Assert.Equal(JsonValueKind.Null, clients["rogue-creamery"].GetProperty("run_needs").ValueKind);
        Assert.True(clients["alder-and-ash"].GetProperty("exhausted").GetBoolean());
        Assert.Equal(40, clients["alder-and-ash"].GetProperty("used").GetInt64());
        Assert.Equal(0, clients["alder-and-ash"].GetProperty("remaining").GetInt64());
    }
}
