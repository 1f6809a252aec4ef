using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Logging;

/// <summary>One captured log call: everything a sink could print or export.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception, string StateText, string ScopeText)
{
    /// <summary>Message, exception text (with inner exceptions), structured values and scopes, as one string to scan.</summary>
    public string AllText()
    {
        var text = new StringBuilder()
            .Append(Category).Append(' ').Append(Level).Append(' ').Append(Message).AppendLine()
            .AppendLine(StateText)
            .AppendLine(ScopeText);
        for (var e = Exception; e is not null; e = e.InnerException)
        {
            text.AppendLine(e.ToString()).AppendLine(e.Message).AppendLine(e.StackTrace);
        }

        return text.ToString();
    }
}

/// <summary>
/// A logging provider that keeps every entry it is given, with its scopes, so tests can read what a real sink
/// (console, file, exporter) would have received.
/// </summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Sees each entry's structured state as it arrives (a test hook; the state is not kept).</summary>
    public Action<IReadOnlyList<KeyValuePair<string, object?>>>? OnLog { get; set; }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new StringBuilder();
            if (state is IReadOnlyList<KeyValuePair<string, object?>> list)
            {
                owner.OnLog?.Invoke(list);
            }

            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("; ");
                }
            }

            var scopes = new StringBuilder();
            owner._scopes.ForEachScope(static (scope, text) =>
            {
                text.Append(Convert.ToString(scope, CultureInfo.InvariantCulture)).Append(" | ");
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs)
                    {
                        text.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("; ");
                    }
                }
            }, scopes);
            owner._entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception, values.ToString(), scopes.ToString()));
        }
    }
}
