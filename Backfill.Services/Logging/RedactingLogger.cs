using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Backfill.Services.Logging;

/// <summary>
/// A logger that hands its inner logger the formatted message with secrets masked, a <see cref="RedactedException"/>
/// instead of the exception, and structured state whose values are masked too (the <c>{OriginalFormat}</c> entry
/// stays, so sinks that group by template keep working). Scopes are masked the same way.
/// </summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        inner.BeginScope(RedactedLogState.From(state, message: null));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = SecretRedactor.Redact(formatter(state, exception) ?? "");
        var redacted = RedactedLogState.From(state, message);
        inner.Log(logLevel, eventId, redacted, RedactedException.Wrap(exception), static (s, _) => s.ToString());
    }
}

/// <summary>Structured log state with every value masked; prints as the masked message.</summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly IReadOnlyList<KeyValuePair<string, object?>> _values;
    private readonly string _text;

    private RedactedLogState(IReadOnlyList<KeyValuePair<string, object?>> values, string text)
    {
        _values = values;
        _text = text;
    }

    public int Count => _values.Count;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>
    /// The masked copy of <paramref name="state"/>; <paramref name="message"/> is its masked formatted text, or null
    /// for a scope (whose text is the state's own <c>ToString</c>).
    /// </summary>
    public static RedactedLogState From<TState>(TState state, string? message)
    {
        var values = new List<KeyValuePair<string, object?>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                values.Add(new(key, RedactValue(value)));
            }
        }

        var text = message ?? SecretRedactor.Redact(Convert.ToString(state, CultureInfo.InvariantCulture) ?? "");
        return new RedactedLogState(values, text);
    }

    // Numbers, dates and other values cannot hold a key; anything that prints as text is masked as text. A value whose
    // text needed no masking keeps its type, so structured sinks still see numbers as numbers.
    private static object? RedactValue(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return SecretRedactor.Redact(text);
            case Exception exception:
                return RedactedException.Wrap(exception);
            case IEnumerable sequence and not IFormattable:
                return sequence.Cast<object?>().Select(RedactValue).ToList();
            default:
                if (value.GetType().IsPrimitive || value is IFormattable and (ValueType or Enum))
                {
                    return value;
                }

                var printed = Convert.ToString(value, CultureInfo.InvariantCulture);
                return printed is not null && SecretRedactor.ContainsSecret(printed) ? SecretRedactor.Redact(printed) : value;
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _text;
}
