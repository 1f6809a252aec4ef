namespace Backfill.Services.Logging;

/// <summary>
/// Stands in for an exception on its way to a log sink: its <see cref="Message"/>, <see cref="StackTrace"/> and
/// <see cref="ToString"/> are the original's with secrets masked, and its inner exceptions are stand-ins too, so a
/// formatter that prints <c>exception.ToString()</c> or walks <see cref="Exception.InnerException"/> sees no secret.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Only ever made from the exception it stands in for (Wrap).")]
public sealed class RedactedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    private RedactedException(Exception original)
        : base(SecretRedactor.Redact(original.Message), Wrap(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = SecretRedactor.Redact(original.ToString());
        _stackTrace = SecretRedactor.RedactOrNull(original.StackTrace);
        HResult = original.HResult;
        Source = SecretRedactor.RedactOrNull(original.Source);
    }

    /// <summary>Full name of the exception type this stands in for (the formatted text names it too).</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    /// <summary>The stand-in for <paramref name="exception"/>; null stays null and a stand-in is not wrapped twice.</summary>
    public static Exception? Wrap(Exception? exception) => exception switch
    {
        null => null,
        RedactedException redacted => redacted,
        _ => new RedactedException(exception),
    };

    public override string ToString() => _text;
}
