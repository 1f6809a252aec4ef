namespace Backfill.Services.Storage;

/// <summary>
/// What must be true of a document for a write to apply: Firestore's <c>currentDocument</c>. With
/// <see cref="UpdateTime"/> a write applies only if nobody changed the document since it was read (optimistic
/// concurrency); a write that finds otherwise fails with FAILED_PRECONDITION, and its commit changes nothing.
/// </summary>
public sealed record Precondition
{
    private Precondition(bool? exists, DateTimeOffset? updateTime)
    {
        Exists = exists;
        UpdateTime = updateTime is { } t ? StoreValues.TruncateToMicroseconds(t) : null;
    }

    /// <summary>True: the document must exist (else NOT_FOUND); false: it must not (else ALREADY_EXISTS).</summary>
    public bool? Exists { get; }

    /// <summary>The document must exist with exactly this update time (microseconds), else FAILED_PRECONDITION.</summary>
    public DateTimeOffset? UpdateTime { get; }

    public static Precondition MustExist { get; } = new(true, null);

    public static Precondition MustNotExist { get; } = new(false, null);

    /// <summary>Unchanged since it was read: pass the <see cref="Document.UpdateTime"/> that was read.</summary>
    public static Precondition UpdatedAt(DateTimeOffset updateTime) => new(null, updateTime);
}
