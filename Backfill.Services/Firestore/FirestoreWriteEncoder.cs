using System.Buffers;
using System.Text.Json;
using Backfill.Services.Storage;

namespace Backfill.Services.Firestore;

/// <summary>
/// Encodes store writes as Firestore <c>Write</c> JSON: Set = update without mask; Create = update with
/// exists=false; Merge = update with updateMask; Update = updateMask with exists=true; Delete (exists=true when
/// it must exist). Each write is encoded once, so batches can be sized by bytes before they are sent.
/// </summary>
public static class FirestoreWriteEncoder
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        SkipValidation = true,
        // Bodies are JSON for an API, not HTML: raw UTF-8 is smaller and cheaper than \u escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? cachedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? cachedWriter;

    /// <summary>The UTF-8 JSON of one <c>Write</c>; throws <see cref="DocumentTooLargeException"/> over 1 MiB.</summary>
    public static byte[] Encode(Write write, FirestoreResourceNames names)
    {
        // Bulk writers encode every write on the caller's thread: one grown buffer and one writer per thread
        // instead of a new pair (and two or three buffer regrowths) for each ~3.5 KB order.
        var buffer = cachedBuffer ??= new ArrayBufferWriter<byte>(8192);
        buffer.ResetWrittenCount();
        var writer = cachedWriter ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            WriteJson(writer, write, names);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > 1 << 20)
            {
                // Do not keep a buffer grown by one huge document for the thread's lifetime.
                cachedBuffer = null;
                cachedWriter = null;
            }
        }
    }

    public static void WriteJson(Utf8JsonWriter writer, Write write, FirestoreResourceNames names)
    {
        var name = names.DocumentName(write.Path);
        writer.WriteStartObject();
        switch (write)
        {
            case SetWrite set:
                WriteUpdate(writer, write.Path, name, set.Fields, names);
                break;
            case CreateWrite create:
                WriteUpdate(writer, write.Path, name, create.Fields, names);
                break;
            case MergeWrite merge:
                WriteUpdate(writer, write.Path, name, merge.Fields, names);
                WriteMask(writer, merge.Mask);
                break;
            case IncrementWrite increment:
                WriteUpdate(writer, write.Path, name, increment.Fields, names);
                WriteMask(writer, increment.Mask);
                WriteIncrements(writer, increment.Increments);
                break;
            case UpdateWrite update:
                WriteUpdate(writer, write.Path, name, update.Fields, names);
                WriteMask(writer, update.Mask);
                break;
            case DeleteWrite:
                writer.WriteString("delete", name);
                break;
            default:
                throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported write {write.GetType().Name}", write.Path.Value);
        }

        WriteCurrentDocument(writer, write);
        writer.WriteEndObject();
    }

    /// <summary>A request body <c>{"writes":[…]}</c> from pre-encoded writes.</summary>
    public static byte[] BuildWritesBody(IReadOnlyList<byte[]> encodedWrites)
    {
        // {"writes":[ + writes joined by commas + ]}, sized exactly so the array is the body (no trailing copy).
        var length = 13 + Math.Max(0, encodedWrites.Count - 1);
        for (var i = 0; i < encodedWrites.Count; i++)
        {
            length += encodedWrites[i].Length;
        }

        var body = new byte[length];
        var span = body.AsSpan();
        var position = Copy(span, 0, "{\"writes\":["u8);
        for (var i = 0; i < encodedWrites.Count; i++)
        {
            if (i > 0)
            {
                span[position++] = (byte)',';
            }

            encodedWrites[i].CopyTo(span[position..]);
            position += encodedWrites[i].Length;
        }

        Copy(span, position, "]}"u8);
        return body;
    }

    /// <summary>Bytes a write adds to a <c>{"writes":[…]}</c> body.</summary>
    public const int EnvelopeBytes = 16;

    private static int Copy(Span<byte> target, int position, ReadOnlySpan<byte> source)
    {
        source.CopyTo(target[position..]);
        return position + source.Length;
    }

    private static void WriteUpdate(Utf8JsonWriter writer, DocumentPath path, string name, IReadOnlyDictionary<string, object?> fields, FirestoreResourceNames names)
    {
        DocumentSize.EnsureWithinLimit(path, fields);
        writer.WriteStartObject("update");
        writer.WriteString("name", name);
        writer.WritePropertyName("fields");
        FirestoreValueCodec.WriteFields(writer, fields, names);
        writer.WriteEndObject();
    }

    private static void WriteMask(Utf8JsonWriter writer, IReadOnlyList<FieldPath> mask)
    {
        writer.WriteStartObject("updateMask");
        writer.WriteStartArray("fieldPaths");
        foreach (var field in mask)
        {
            writer.WriteStringValue(field.Encoded);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteIncrements(Utf8JsonWriter writer, IReadOnlyDictionary<string, long> increments)
    {
        writer.WriteStartArray("updateTransforms");
        foreach (var (field, amount) in increments)
        {
            writer.WriteStartObject();
            writer.WriteString("fieldPath", FieldPath.Of(field).Encoded);
            writer.WriteStartObject("increment");
            writer.WriteString("integerValue", amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The write's <c>currentDocument</c>: its explicit precondition, else the one its kind implies (a create must not
    /// exist; an update and a must-exist delete must). A create keeps exists=false whatever else is asked.
    /// </summary>
    private static void WriteCurrentDocument(Utf8JsonWriter writer, Write write)
    {
        var precondition = write switch
        {
            CreateWrite => Precondition.MustNotExist,
            { Precondition: { } explicitly } => explicitly,
            UpdateWrite or DeleteWrite { MustExist: true } => Precondition.MustExist,
            _ => null,
        };
        if (precondition is null)
        {
            return;
        }

        writer.WriteStartObject("currentDocument");
        if (precondition.UpdateTime is { } updateTime)
        {
            writer.WriteString("updateTime", FirestoreValueCodec.FormatTimestamp(updateTime));
        }
        else
        {
            writer.WriteBoolean("exists", precondition.Exists!.Value);
        }

        writer.WriteEndObject();
    }
}
