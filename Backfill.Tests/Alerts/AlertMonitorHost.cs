using System.Text.Json;
using Backfill.Services.Alerts;
using Backfill.Services.Alerts.Monitoring;
using Backfill.Services.Backfill;
using Backfill.Services.Storage.Embedded;
using Backfill.Tests.Alerts.Receivers;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Web.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Alerts;

/// <summary>
/// The alert monitor and dispatcher as hosted services over an embedded store, fed boards by a
/// <see cref="FakeBackfillCoordinator"/> (the real board's shape; the coordinator's own work is not under test here),
/// on a fake clock, sending to a real signed-webhook receiver. <see cref="RestartAsync"/> starts them anew on the same
/// store, as a restarted process would.
/// </summary>
internal sealed class AlertMonitorHost : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backfill-alerts-").FullName;
    private readonly Dictionary<string, string?> _settings;
    private readonly string _secret = WebhookReceiver.NewSecret();
    private ServiceProvider? _services;

    private AlertMonitorHost(Dictionary<string, string?> settings) => _settings = settings;

    public FakeBackfillCoordinator Coordinator { get; } = new();

    public FakeTimeProvider Time { get; } = new(AlertTestServices.Noon);

    public EmbeddedDocumentStore Store { get; private set; } = null!;

    public HttpReceiver Receiver { get; private set; } = null!;

    public AlertLogs Logs { get; } = new();

    public AlertMonitor Monitor => _services!.GetRequiredService<AlertMonitor>();

    public IAlertSignals Signals => _services!.GetRequiredService<IAlertSignals>();

    public AlertBoard Board => _services!.GetRequiredService<AlertBoard>();

    public AlertIncidentStore Incidents => _services!.GetRequiredService<AlertIncidentStore>();

    /// <summary>What the receiver got, in order: (event, kind, client id, title, text).</summary>
    public IReadOnlyList<(string Event, string? Kind, string? ClientId, string Title, string Text)> Messages =>
        [.. Receiver.Requests.Select(r =>
        {
            Assert.True(r.Valid, r.Problem);
            using var json = JsonDocument.Parse(r.Body);
            var b = json.RootElement;
            return (b.GetProperty("event").GetString()!, b.GetProperty("kind").GetString(), b.GetProperty("client_id").GetString(),
                b.GetProperty("title").GetString()!, b.GetProperty("text").GetString()!);
        })];

    /// <summary>Check every 5 minutes (fewer fake-clock steps), stall after 30, remind after 24 hours.</summary>
    public static async Task<AlertMonitorHost> StartAsync(params (string Key, string? Value)[] settings)
    {
        var host = new AlertMonitorHost(AlertTestServices.Settings([("Alerts:CheckInterval", "00:05:00"), .. settings]));
        host.Store = new EmbeddedDocumentStore(Path.Combine(host._directory, "store.db"));
        host.Receiver = await WebhookReceiver.StartAsync(host._secret);
        host._settings["Alerts:Webhook:Url"] = host.Receiver.Url.ToString();
        host._settings["Alerts:Webhook:Secret"] = host._secret;
        await host.StartServicesAsync();
        return host;
    }

    /// <summary>Publishes a board and waits until the monitor has handled it.</summary>
    public async Task PublishAsync(params BackfillStatus[] statuses)
    {
        Coordinator.Publish(statuses);
        var version = Coordinator.Board.Version;
        await UntilAsync(() => Monitor.BoardVersion >= version);
    }

    /// <summary>
    /// Moves the clock on one check interval (5 minutes) at a time, waiting for each tick to be handled and for every
    /// message it queued to be answered first: a jump of the fake clock while a request is on the real wire would
    /// time it out.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan span)
    {
        var dispatcher = _services!.GetRequiredService<AlertDispatcher>();
        var step = TimeSpan.FromMinutes(5);
        var left = span;
        for (; left >= step; left -= step)
        {
            var ticks = Monitor.Ticks;
            await Logs.UntilAsync(() => dispatcher.Pending == 0);
            Time.Advance(step);
            await UntilAsync(() => Monitor.Ticks > ticks);
        }

        await Logs.UntilAsync(() => dispatcher.Pending == 0);
        Time.Advance(left);
    }

    /// <summary>
    /// Waits until the receiver has <paramref name="count"/> messages and the dispatcher has seen each answered (so
    /// moving the fake clock on cannot time out a request still on the wire), then returns them all.
    /// </summary>
    public async Task<IReadOnlyList<(string Event, string? Kind, string? ClientId, string Title, string Text)>> WaitForMessagesAsync(int count)
    {
        await Receiver.WaitForAttemptsAsync(count);
        await Logs.WaitForAsync(_ => Logs.Entries.Count(e => e.Text.StartsWith("Alert ", StringComparison.Ordinal) && e.Text.EndsWith(" sent to webhook", StringComparison.Ordinal)) >= count);
        return Messages;
    }

    /// <summary>
    /// Proves nothing else was sent: a signal after everything so far, whose message must be the next to arrive (the
    /// monitor handles updates in order and the channel's queue is first in, first out).
    /// </summary>
    public async Task AssertNothingMoreAsync(int sentSoFar)
    {
        Signals.ValidationMismatch(Backfill.Services.Storage.ClientId.Parse("sentinel"), [new DateOnly(2026, 1, 1)]);
        var messages = await WaitForMessagesAsync(sentSoFar + 1);
        Assert.Equal("sentinel", messages[sentSoFar].ClientId);
        Assert.False(await Receiver.NextArrivalAsync(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(sentSoFar + 1, Receiver.Attempts);
    }

    /// <summary>Stops the services and starts new ones on the same store, clock, coordinator and receiver.</summary>
    public async Task RestartAsync()
    {
        await StopServicesAsync();
        await StartServicesAsync();
    }

    public async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var next = Monitor.NextHandled;
            if (condition())
            {
                return;
            }

            await next.WaitAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServicesAsync();
        await Receiver.DisposeAsync();
        await Store.DisposeAsync();
        TestDirectory.Delete(_directory);
    }

    private async Task StartServicesAsync()
    {
        _services = AlertTestServices.Build(_settings, Time, Logs, Store, Coordinator);
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(TestContext.Current.CancellationToken);
        }

        await Monitor.Loaded.WaitAsync(TestContext.Current.CancellationToken);
        await UntilAsync(() => Monitor.BoardVersion >= Coordinator.Board.Version);
    }

    private async Task StopServicesAsync()
    {
        if (_services is null)
        {
            return;
        }

        foreach (var service in _services.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        _services = null;
    }
}
