using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Alerts;

/// <summary>Every log line (message and exception text), with a way to wait for one to appear.</summary>
internal sealed class AlertLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _entries = new();
    private readonly Channel<bool> _arrivals = Channel.CreateUnbounded<bool>();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Entries => [.. _entries];

    public string AllText => string.Join('\n', _entries.Select(e => $"{e.Level} {e.Category}: {e.Text}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public async Task<string> WaitForAsync(Func<string, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_entries.Select(e => e.Text).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _arrivals.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("no such log line; logs:\n" + AllText);
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again after every log line.</summary>
    public async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            try
            {
                await _arrivals.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException("the condition never held; logs:\n" + AllText);
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(AlertLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
            owner._arrivals.Writer.TryWrite(true);
        }
    }
}
