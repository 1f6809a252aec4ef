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

    /// <summary>The UTF-8 JSON of one <c>Write</c>; throws <see cref="DocumentTooLargeException"/> over 1 MiB.</summary>
    public static byte[] Encode(Write write, FirestoreResourceNames names)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(writer, write, names);
        }

        return buffer.WrittenSpan.ToArray();
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
                WriteExists(writer, false);
                break;
            case MergeWrite merge:
                WriteUpdate(writer, write.Path, name, merge.Fields, names);
                WriteMask(writer, merge.Mask);
                break;
            case UpdateWrite update:
                WriteUpdate(writer, write.Path, name, update.Fields, names);
                WriteMask(writer, update.Mask);
                WriteExists(writer, true);
                break;
            case DeleteWrite delete:
                writer.WriteString("delete", name);
                if (delete.MustExist)
                {
                    WriteExists(writer, true);
                }

                break;
            default:
                throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported write {write.GetType().Name}", write.Path.Value);
        }

        writer.WriteEndObject();
    }

    /// <summary>A request body <c>{"writes":[…]}</c> from pre-encoded writes.</summary>
    public static byte[] BuildWritesBody(IReadOnlyList<byte[]> encodedWrites)
    {
        var length = 13 + encodedWrites.Sum(w => w.Length + 1);
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

        position = Copy(span, position, "]}"u8);
        return body[..position];
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

    private static void WriteExists(Utf8JsonWriter writer, bool exists)
    {
        writer.WriteStartObject("currentDocument");
        writer.WriteBoolean("exists", exists);
        writer.WriteEndObject();
    }
}
