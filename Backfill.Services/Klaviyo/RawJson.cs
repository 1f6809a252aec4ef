using System.Text;

namespace Backfill.Services.Klaviyo;

/// <summary>
/// One JSON value exactly as Klaviyo sent it, as its UTF-8 bytes (an order's <c>raw_properties</c>). It shares the
/// bytes of the event it was read from and is decoded to a string only where a document stores it: an order whose raw
/// JSON would put its document over Firestore's 1 MiB is sized by <see cref="Utf8Length"/> and never decoded (a
/// 1.3 MB event was a 2.6 MB UTF-16 string before it was dropped).
/// </summary>
public sealed class RawJson
{
    // Throws on invalid UTF-8 as JsonElement.GetRawText does, rather than replacing it; the bytes are checked when made anyway.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private RawJson(ReadOnlyMemory<byte> utf8) => Utf8 = utf8;

    /// <summary>The JSON text's bytes, valid UTF-8.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>
    /// The text's length in UTF-8 bytes: what Firestore's size rule counts for it as a string (plus 1), known without
    /// decoding it.
    /// </summary>
    public int Utf8Length => Utf8.Length;

    /// <summary>Raw JSON over bytes that are valid UTF-8 (kept, not copied); null when they are not.</summary>
    public static RawJson? FromUtf8(ReadOnlyMemory<byte> utf8) =>
        System.Text.Unicode.Utf8.IsValid(utf8.Span) ? new RawJson(utf8) : null;

    /// <summary>Raw JSON from text (tests, and JSON that was already a string).</summary>
    public static RawJson FromString(string json) => new(Encoding.UTF8.GetBytes(json));

    /// <summary>The text as stored: the same string <c>JsonElement.GetRawText()</c> returns for the value.</summary>
    public string Decode() => StrictUtf8.GetString(Utf8.Span);
}
