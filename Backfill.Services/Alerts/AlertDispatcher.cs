using System.Net.Sockets;
using System.Threading.Channels;
using Backfill.Services.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Backfill.Services.Alerts;

/// <summary>
/// Hands messages to the channels in the background. Each enabled channel has its own bounded queue and sender, so a
/// hanging Slack never delays e-mail, and <see cref="Enqueue"/> never waits: a run (or the monitor) only drops a message
/// into memory. Every attempt has <see cref="AlertOptions.SendTimeout"/>; transient failures are retried with
/// exponential backoff and jitter, honouring the receiver's <c>Retry-After</c>. Queued messages do not survive a
/// restart (the incident does, and its reminder follows).
/// </summary>
public sealed partial class AlertDispatcher : BackgroundService
{
    private readonly IReadOnlyList<Sender> _senders;
    private readonly ResiliencePipeline _once;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AlertDispatcher> _logger;
    private int _pending;

    public AlertDispatcher(IEnumerable<IAlertChannel> channels, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<AlertDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(channels);
        var settings = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _senders = [.. channels.Where(c => c.Enabled).Select(c => new Sender(
            c,
            Channel.CreateBounded<AlertMessage>(
                new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                dropped =>
                {
                    Interlocked.Decrement(ref _pending);
                    LogDropped(c.Name, dropped.Event.ToWire(), dropped.Kind?.ToWire(), dropped.ClientId);
                }),
            Retrying(c.Name, settings)))];
        _once = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(settings.SendTimeout).Build();
    }

    /// <summary>Messages queued or being sent, over all channels (tests and diagnostics).</summary>
    internal int Pending => Volatile.Read(ref _pending);

    /// <summary>The enabled channels' names (<c>slack</c>, <c>email</c>, <c>webhook</c>).</summary>
    public IReadOnlyList<string> Channels => [.. _senders.Select(s => s.Channel.Name)];

    /// <summary>Queues <paramref name="message"/> for every enabled channel and returns at once.</summary>
    public void Enqueue(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var sender in _senders)
        {
            // Never false for a DropOldest channel that is open; after shutdown there is nobody left to send.
            Interlocked.Increment(ref _pending);
            if (!sender.Queue.Writer.TryWrite(message))
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>
    /// Sends a test alert to every enabled channel now, one attempt each (with the send timeout) and all at once, and
    /// says what each did: an operator wants to know whether it works, not that it was queued.
    /// </summary>
    public async Task<IReadOnlyList<AlertChannelResult>> SendTestAsync(string requestedBy, CancellationToken cancellationToken)
    {
        var message = AlertText.Test(requestedBy, _timeProvider.GetUtcNow());
        var results = await Task.WhenAll(_senders.Select(async sender =>
        {
            try
            {
                await _once.ExecuteAsync(async token => await sender.Channel.SendAsync(message, token), cancellationToken);
                LogSent(sender.Channel.Name, message.Event.ToWire(), null, null);
                return new AlertChannelResult(sender.Channel.Name, true, null);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogTestFailed(sender.Channel.Name, Describe(e));
                return new AlertChannelResult(sender.Channel.Name, false, Describe(e));
            }
        }));
        return results;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_senders.Select(s => DrainAsync(s, stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var sender in _senders)
        {
            sender.Queue.Writer.TryComplete();
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task DrainAsync(Sender sender, CancellationToken stoppingToken)
    {
        // Off the host's start-up path: StartAsync of the hosted service returns at the first await.
        await Task.Yield();
        try
        {
            await foreach (var message in sender.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(sender, message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task SendAsync(Sender sender, AlertMessage message, CancellationToken stoppingToken)
    {
        string? failure = null;
        try
        {
            await sender.Pipeline.ExecuteAsync(async token => await sender.Channel.SendAsync(message, token), stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            failure = Describe(e);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }

        if (failure is null)
        {
            LogSent(sender.Channel.Name, message.Event.ToWire(), message.Kind?.ToWire(), message.ClientId);
        }
        else
        {
            LogGaveUp(sender.Channel.Name, message.Event.ToWire(), message.Kind?.ToWire(), message.ClientId, failure);
        }
    }

    private ResiliencePipeline Retrying(string channel, AlertOptions settings)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is AlertDeliveryException { RetryAfter: { } after } ? (TimeSpan?)Min(after, settings.RetryMaxDelay) : null),
                OnRetry = args =>
                {
                    LogRetrying(channel, Describe(args.Outcome.Exception), args.AttemptNumber + 2, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Inside the retry: each attempt has its own time limit.
        return builder.AddTimeout(settings.SendTimeout).Build();
    }

    private static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        null => false,
        _ when cancellationToken.IsCancellationRequested => false,
        AlertDeliveryException delivery => delivery.IsTransient,
        TimeoutRejectedException or HttpRequestException or IOException or SocketException => true,
        _ => false,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // The message only: exceptions here carry nothing more useful, and some (HttpRequestException) name the host.
    private static string Describe(Exception? exception) => SecretRedactor.Redact(exception switch
    {
        null => "unknown failure",
        AlertDeliveryException delivery => delivery.Message,
        TimeoutRejectedException => "no answer within Alerts:SendTimeout",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Event} {Kind} for {ClientId} sent to {Channel}")]
    private partial void LogSent(string channel, string @event, string? kind, string? clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert not delivered to {Channel} ({Reason}); attempt {Attempt} in {Delay}")]
    private partial void LogRetrying(string channel, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {Event} {Kind} for {ClientId} could not be sent to {Channel}: {Reason}")]
    private partial void LogGaveUp(string channel, string @event, string? kind, string? clientId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert queue of {Channel} is full; dropped the oldest message ({Event} {Kind} for {ClientId})")]
    private partial void LogDropped(string channel, string @event, string? kind, string? clientId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Test alert to {Channel} failed: {Reason}")]
    private partial void LogTestFailed(string channel, string reason);

    private sealed record Sender(IAlertChannel Channel, Channel<AlertMessage> Queue, ResiliencePipeline Pipeline);
}
