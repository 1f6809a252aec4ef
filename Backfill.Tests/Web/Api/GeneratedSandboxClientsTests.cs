using System.Net;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Tests.Web.Api;

/// <summary>The app with generated sandbox accounts: registered as demo clients, and run like any sandbox client.</summary>
public sealed class GeneratedSandboxClientsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DemoRegistration_WithGeneratedAccounts_RegistersSandboxClientsThatBackfill()
    {
        await using var app = await BackfillApp.StartAsync(new Dictionary<string, string?>
        {
            ["Klaviyo:Sandbox:GeneratedAccounts:Count"] = "3",
            ["Klaviyo:Sandbox:GeneratedAccounts:Seed"] = "16",
        });
        using (var subscription = app.Coordinator.Subscribe())
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
            {
                if (board.Statuses.Count >= 6)
                {
                    break;
                }
            }
        }

        using var listed = await app.Client.GetAsync("/api/clients", Ct);
        var clients = JsonDocument.Parse(await listed.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(
            ["alder-and-ash", "gen-0001", "gen-0002", "gen-0003", "northloop-outfitters", "rogue-creamery"],
            clients.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(clients.EnumerateArray(), c => Assert.True(c.GetProperty("sandbox_account").GetBoolean()));

        using var start = await app.Client.PostAsync("/api/backfill/start/gen-0002?days=7", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        BackfillStatus? done = null;
        using (var subscription = app.Coordinator.Subscribe())
        {
            await foreach (var board in subscription.Updates.ReadAllAsync(Ct))
            {
                if (board.Find(ClientId.Parse("gen-0002")) is { State: BackfillState.Completed or BackfillState.Failed } status)
                {
                    done = status;
                    break;
                }
            }
        }

        Assert.True(done!.State == BackfillState.Completed, done.Error);
        Assert.Equal(7, done.DaysCompleted);
        Assert.Equal(Backfill.KlaviyoSandbox.SandboxGeneratedAccounts.Describe(new() { Count = 3, Seed = 16 })[1].TimeZoneId, done.TimeZone);
    }
}
