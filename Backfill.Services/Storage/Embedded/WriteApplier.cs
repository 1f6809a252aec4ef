namespace Backfill.Services.Storage.Embedded;

/// <summary>A write with its row key worked out and, for set/create, its fields already size-checked and encoded.</summary>
internal sealed record PreparedWrite(Write Write, string Key, string Parent, string CollectionId, byte[]? Encoded)
{
    public string PathValue => Write.Path.Value;

    /// <summary>
    /// Does everything that needs no database access, so callers can do it off the writer connection.
    /// Throws <see cref="DocumentTooLargeException"/> for an oversized set/create.
    /// </summary>
    public static PreparedWrite Of(Write write)
    {
        byte[]? encoded = null;
        var fields = write switch
        {
            SetWrite set => set.Fields,
            CreateWrite create => create.Fields,
            _ => null,
        };
        if (fields is not null)
        {
            DocumentSize.EnsureWithinLimit(write.Path, fields);
            encoded = FieldCodec.Encode(fields);
        }

        return new PreparedWrite(write, DocumentKey.Of(write.Path), DocumentKey.ParentOf(write.Path), write.Path.Parent.Id, encoded);
    }
}

/// <summary>Applies one write with Firestore's preconditions; a failing write changes nothing before it throws.</summary>
internal static class WriteApplier
{
    public static void Apply(WriteCommands commands, PreparedWrite prepared, long time)
    {
        var path = prepared.PathValue;
        switch (prepared.Write)
        {
            case SetWrite:
                commands.Upsert(prepared, prepared.Encoded!, time);
                break;
            case CreateWrite:
                if (!commands.Insert(prepared, prepared.Encoded!, time))
                {
                    throw new StoreException(StoreErrorCode.AlreadyExists, "the document already exists", path);
                }

                break;
            case MergeWrite merge:
                Merge(commands, prepared, merge.Fields, merge.Mask, mustExist: false, time);
                break;
            case UpdateWrite update:
                Merge(commands, prepared, update.Fields, update.Mask, mustExist: true, time);
                break;
            case DeleteWrite delete:
                if (!commands.Delete(prepared.Key) && delete.MustExist)
                {
                    throw new StoreException(StoreErrorCode.NotFound, "no document to delete", path);
                }

                break;
            default:
                throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported write {prepared.Write.GetType().Name}", path);
        }
    }

    private static void Merge(
        WriteCommands commands, PreparedWrite prepared, IReadOnlyDictionary<string, object?> fields, IReadOnlyList<FieldPath> mask, bool mustExist, long time)
    {
        var stored = commands.Select(prepared.Key);
        if (stored is null && mustExist)
        {
            throw new StoreException(StoreErrorCode.NotFound, "no document to update", prepared.PathValue);
        }

        var existing = stored is null ? null : FieldCodec.Decode(stored);
        var merged = FieldMask.Apply(existing, fields, mask);
        DocumentSize.EnsureWithinLimit(prepared.Write.Path, merged);
        commands.Upsert(prepared, FieldCodec.Encode(merged), time);
    }
}
