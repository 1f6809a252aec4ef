namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// A write with its row key worked out and, for set/create, its fields already size-checked and encoded. A
/// set/create keeps only its encoded bytes, not its field values, so a bulk writer's queue holds a few KB per
/// write instead of the whole object graph.
/// </summary>
internal sealed class PreparedWrite
{
    private PreparedWrite(Write write, byte[]? encoded)
    {
        Path = write.Path;
        Key = DocumentKey.Of(write.Path);
        Parent = DocumentKey.ParentOf(write.Path);
        CollectionId = write.Path.Parent.Id;
        Encoded = encoded;
        Precondition = write is CreateWrite ? null : write.Precondition;
        Kind = write switch
        {
            SetWrite => PreparedKind.Set,
            CreateWrite => PreparedKind.Create,
            MergeWrite => PreparedKind.Merge,
            IncrementWrite => PreparedKind.Increment,
            UpdateWrite => PreparedKind.Update,
            DeleteWrite { MustExist: true } => PreparedKind.DeleteExisting,
            DeleteWrite => PreparedKind.Delete,
            _ => throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported write {write.GetType().Name}", write.Path.Value),
        };
        (Fields, Mask) = write switch
        {
            MergeWrite merge => (merge.Fields, merge.Mask),
            IncrementWrite increment => (increment.Fields, increment.Mask),
            UpdateWrite update => (update.Fields, update.Mask),
            _ => ((IReadOnlyDictionary<string, object?>?)null, (IReadOnlyList<FieldPath>?)null),
        };
        Increments = (write as IncrementWrite)?.Increments;
    }

    public PreparedKind Kind { get; }

    /// <summary>The integer increments of an increment write; null otherwise.</summary>
    public IReadOnlyDictionary<string, long>? Increments { get; }

    /// <summary>The write's explicit precondition (checked before its kind's own), or null.</summary>
    public Precondition? Precondition { get; }

    public DocumentPath Path { get; }

    public string PathValue => Path.Value;

    public string Key { get; }

    public string Parent { get; }

    public string CollectionId { get; }

    /// <summary>The encoded fields of a set/create; null for the other kinds.</summary>
    public byte[]? Encoded { get; }

    /// <summary>The fields of a merge/update (applied to the stored document in the transaction); null otherwise.</summary>
    public IReadOnlyDictionary<string, object?>? Fields { get; }

    /// <summary>The field mask of a merge/update; null otherwise.</summary>
    public IReadOnlyList<FieldPath>? Mask { get; }

    /// <summary>
    /// Does everything that needs no database access, so callers can do it off the writer connection.
    /// Throws <see cref="DocumentTooLargeException"/> for an oversized set/create.
    /// </summary>
    public static PreparedWrite Of(Write write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fields = write switch
        {
            SetWrite set => set.Fields,
            CreateWrite create => create.Fields,
            _ => null,
        };
        if (fields is null)
        {
            return new PreparedWrite(write, null);
        }

        DocumentSize.EnsureWithinLimit(write.Path, fields);
        return new PreparedWrite(write, FieldCodec.Encode(fields));
    }
}

internal enum PreparedKind
{
    Set,
    Create,
    Merge,
    Update,
    Increment,
    Delete,
    DeleteExisting,
}

/// <summary>Applies one write with Firestore's preconditions; a failing write changes nothing before it throws.</summary>
internal static class WriteApplier
{
    public static void Apply(WriteCommands commands, PreparedWrite prepared, long time)
    {
        var path = prepared.PathValue;
        if (prepared.Precondition is { } precondition)
        {
            Check(commands, prepared, precondition);
        }

        switch (prepared.Kind)
        {
            case PreparedKind.Set:
                commands.Upsert(prepared, prepared.Encoded!, time);
                break;
            case PreparedKind.Create:
                if (!commands.Insert(prepared, prepared.Encoded!, time))
                {
                    throw new StoreException(StoreErrorCode.AlreadyExists, "the document already exists", path);
                }

                break;
            case PreparedKind.Merge:
                Merge(commands, prepared, mustExist: false, time);
                break;
            case PreparedKind.Update:
                Merge(commands, prepared, mustExist: true, time);
                break;
            case PreparedKind.Increment:
                Merge(commands, prepared, mustExist: false, time);
                break;
            case PreparedKind.Delete:
                commands.Delete(prepared.Key);
                break;
            case PreparedKind.DeleteExisting:
                if (!commands.Delete(prepared.Key))
                {
                    throw new StoreException(StoreErrorCode.NotFound, "no document to delete", path);
                }

                break;
        }
    }

    /// <summary>
    /// Firestore's currentDocument check, read inside the write transaction: the writer connection holds SQLite's
    /// write lock from BEGIN IMMEDIATE, so no other connection or process can change the row between check and write.
    /// </summary>
    private static void Check(WriteCommands commands, PreparedWrite prepared, Precondition precondition)
    {
        var stored = commands.SelectUpdateTime(prepared.Key);
        if (precondition.UpdateTime is { } expected)
        {
            // A missing document fails like a changed one, as in Firestore (the version read is gone).
            if (stored != FieldCodec.ToMicroseconds(expected))
            {
                throw new StoreException(StoreErrorCode.FailedPrecondition, "the stored version does not match the required update time", prepared.PathValue);
            }
        }
        else if (precondition.Exists == true && stored is null)
        {
            throw new StoreException(StoreErrorCode.NotFound, "no document to update", prepared.PathValue);
        }
        else if (precondition.Exists == false && stored is not null)
        {
            throw new StoreException(StoreErrorCode.AlreadyExists, "the document already exists", prepared.PathValue);
        }
    }

    private static void Merge(WriteCommands commands, PreparedWrite prepared, bool mustExist, long time)
    {
        var stored = commands.Select(prepared.Key);
        if (stored is null && mustExist)
        {
            throw new StoreException(StoreErrorCode.NotFound, "no document to update", prepared.PathValue);
        }

        var existing = stored is null ? null : FieldCodec.Decode(stored);
        var merged = FieldMask.Apply(existing, prepared.Fields!, prepared.Mask!);
        foreach (var (field, amount) in prepared.Increments ?? new Dictionary<string, long>())
        {
            // Firestore's rule: a missing or non-integer field is replaced by the increment itself. Inside the
            // writer's transaction (BEGIN IMMEDIATE), so another process cannot interleave its own increment.
            merged[field] = merged.GetValueOrDefault(field) switch
            {
                long current => (object)(current + amount),
                double current => current + amount,
                _ => amount,
            };
        }

        DocumentSize.EnsureWithinLimit(prepared.Path, merged);
        commands.Upsert(prepared, FieldCodec.Encode(merged), time);
    }
}
