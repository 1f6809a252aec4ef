using System.Text;
using System.Text.Json;
using Backfill.KlaviyoSandbox;
using Backfill.Services.Alerts;
using Backfill.Services.Backfill;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Alerts.Receivers;
using Backfill.Tests.Backfilling;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Alerts;

/// <summary>
/// Alerts with the real coordinator and engine, backfilling from the sandbox over HTTP: a refused key alerts and the
/// fix resolves it, and a receiver that never answers delays no run.
/// </summary>
public sealed class AlertBackfillTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backfill-alert-runs-").FullName;
    private EmbeddedDocumentStore _store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task RefusedKey_Alerts_TheFixedKeyResolves_NothingIsSentTwice()
    {
        // The sandbox's own history end (yesterday in Berlin for this account), not the helper's UTC yesterday: from 23:00 UTC
        // that day would be beyond the history, empty, and the run would rightly alert zero_orders as well.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o =>
        {
            o.Faults["alder-and-ash"] = new() { RevokedKey = true };
            o.HistoryEndDate = null;
        });
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        using var host = await StartAsync(sandbox, ("Alerts:Webhook:Url", receiver.Url.ToString()), ("Alerts:Webhook:Secret", secret));
        var coordinator = host.Services.GetRequiredService<IBackfillCoordinator>();
        var id = ClientId.Parse("alder-and-ash");
        Assert.True((await coordinator.AddClientAsync(new Services.Clients.NewClient(id.Value, "Alder & Ash", SandboxAccount: true), Ct)).Accepted);

        await coordinator.StartAsync(id, new BackfillRequest(Days: 5), Ct);
        var failed = await WaitForAsync(coordinator, id, s => s.State == BackfillState.Failed);
        await receiver.WaitForAttemptsAsync(1);
        await SetRevokedAsync(sandbox, "alder-and-ash", revoked: false);
        await coordinator.RetryAsync(id, Ct);
        await WaitForAsync(coordinator, id, s => s.State == BackfillState.Completed);
        await receiver.WaitForAttemptsAsync(2);
        host.Services.GetRequiredService<IAlertSignals>().ValidationMismatch(ClientId.Parse("sentinel"), [new DateOnly(2026, 1, 1)]);
        await receiver.WaitForAttemptsAsync(3);

        Assert.StartsWith("Klaviyo refused the key (401)", failed.Error, StringComparison.Ordinal);
        var messages = receiver.Requests.Select(Read).ToList();
        Assert.All(receiver.Requests, r => Assert.True(r.Valid, r.Problem));
        Assert.Equal(
            [("opened", "key_refused", "alder-and-ash"), ("resolved", "key_refused", "alder-and-ash"), ("opened", "validation_mismatch", "sentinel")],
            messages.Select(m => (m.Event, m.Kind, m.ClientId)));
        Assert.Contains("Klaviyo refused the key (401)", messages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("pk_", string.Concat(receiver.Requests.Select(r => r.Body)), StringComparison.Ordinal);
        var stored = await host.Services.GetRequiredService<AlertIncidentStore>().ListAsync(Ct);
        Assert.Contains(stored, i => i is { Kind: AlertKind.KeyRefused, IsOpen: false } && i.ClientId == id);
    }

    [Fact]
    public async Task ReceiverThatNeverAnswers_DelaysNoBackfill()
    {
        // The sandbox's own history end (yesterday in Berlin for this account), not the helper's UTC yesterday: from 23:00 UTC
        // that day would be beyond the history, empty, and the run would rightly alert zero_orders as well.
        await using var sandbox = await BackfillTestHost.StartSandboxAsync(o =>
        {
            o.Faults["alder-and-ash"] = new() { RevokedKey = true };
            o.HistoryEndDate = null;
        });
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        receiver.Respond = (_, context) => HttpReceiver.Hang(context);
        using var host = await StartAsync(
            sandbox,
            ("Alerts:Webhook:Url", receiver.Url.ToString()),
            ("Alerts:Webhook:Secret", secret),
            ("Alerts:NotifyCompleted", "true"),
            ("Alerts:SendTimeout", "00:05:00"));
        var coordinator = host.Services.GetRequiredService<IBackfillCoordinator>();
        foreach (var slug in new[] { "alder-and-ash", "rogue-creamery" })
        {
            Assert.True((await coordinator.AddClientAsync(new Services.Clients.NewClient(slug, slug, SandboxAccount: true), Ct)).Accepted);
        }

        // The refusal's alert goes out first and hangs; the other client's run, started after it, still finishes.
        await coordinator.StartAsync(ClientId.Parse("alder-and-ash"), new BackfillRequest(Days: 3), Ct);
        await WaitForAsync(coordinator, ClientId.Parse("alder-and-ash"), s => s.State == BackfillState.Failed);
        await receiver.WaitForAttemptsAsync(1);
        await coordinator.StartAsync(ClientId.Parse("rogue-creamery"), new BackfillRequest(Days: 14), Ct);
        var done = await WaitForAsync(coordinator, ClientId.Parse("rogue-creamery"), s => s.State is BackfillState.Completed or BackfillState.Failed, TimeSpan.FromSeconds(60));

        Assert.Equal(BackfillState.Completed, done.State);
        Assert.True(done.Orders > 0);
        Assert.Equal(1, receiver.Attempts);
        Assert.True(host.Services.GetRequiredService<AlertDispatcher>().Pending >= 1, "the hanging alert is no longer pending");
    }

    private static (string Event, string Kind, string ClientId, string Text) Read(ReceivedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        var b = json.RootElement;
        return (b.GetProperty("event").GetString()!, b.GetProperty("kind").GetString()!, b.GetProperty("client_id").GetString()!, b.GetProperty("text").GetString()!);
    }

    private static async Task SetRevokedAsync(SandboxServer sandbox, string account, bool revoked)
    {
        using var content = new StringContent($$"""{"account":"{{account}}","revoked_key":{{(revoked ? "true" : "false")}}}""", Encoding.UTF8, "application/json");
        using var response = await sandbox.Client.PostAsync("_control/faults", content, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
    }

    private async Task<IHost> StartAsync(SandboxServer sandbox, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(BackfillTestHost.FastKlaviyo);
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IDocumentStore>(_store);
        builder.Services.AddSingleton<IKlaviyoSandboxAddress>(new FixedKlaviyoSandboxAddress(sandbox.BaseAddress));
        builder.Services.AddBackfill();
        builder.Services.AddAlerts();
        var host = builder.Build();
        await host.StartAsync(Ct);
        return host;
    }

    private static async Task<BackfillStatus> WaitForAsync(IBackfillCoordinator coordinator, ClientId id, Func<BackfillStatus, bool> condition, TimeSpan? limit = null)
    {
        using var subscription = coordinator.Subscribe();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(limit ?? TimeSpan.FromMinutes(2));
        await foreach (var board in subscription.Updates.ReadAllAsync(timeout.Token))
        {
            if (board.Find(id) is { } status && condition(status))
            {
                return status;
            }
        }

        throw new InvalidOperationException("the feed ended");
    }
}
