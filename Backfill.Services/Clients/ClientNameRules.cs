using System.Globalization;
using System.Text;

namespace Backfill.Services.Clients;

/// <summary>
/// What a client's display name may hold. Names are shown in the dashboard and the API beside the id, so a name must
/// read as what it is: no characters that hide (zero-width, format and direction controls, fillers), break lines or
/// pose as spaces, no stacks of combining marks that spill over neighbouring rows, and one spelling per text (NFC), so a
/// name typed twice is stored the same. Look-alike names are a warning, not a refusal: see <see cref="ClientNameLookAlikes"/>.
/// </summary>
public static class ClientNameRules
{
    /// <summary>
    /// Combining marks allowed in a row after NFC: scripts that stack marks (Thai, Hebrew with points, Devanagari) need
    /// two or three; defacing a page takes dozens.
    /// </summary>
    public const int MaxCombiningRun = 3;

    /// <summary>
    /// The name as stored: trimmed and in NFC. Text NFC cannot take (lone surrogates, noncharacters) is only trimmed;
    /// <see cref="Check"/> refuses it.
    /// </summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ToNfc(name.Trim());
    }

    /// <summary>Why <paramref name="name"/> cannot be a client's name, or null when it can.</summary>
    public static string? Check(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "a name is required";
        }

        if (!IsWellFormed(name))
        {
            return "a name must be valid Unicode text";
        }

        // The untrimmed text: a control or odd space at either end is refused like one inside, not silently dropped.
        // Before normalizing, which throws on some of them (noncharacters).
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsHidden(rune, Rune.GetUnicodeCategory(rune)))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"a name cannot contain invisible, control, text-direction, line-breaking or special space characters (found U+{rune.Value:X4}); use plain spaces");
            }
        }

        var normalized = Normalize(name);
        if (normalized.Length > ClientRecord.MaxNameLength)
        {
            return $"a name has at most {ClientRecord.MaxNameLength} characters";
        }

        // Counted after NFC, which folds a letter and its accent into one character where Unicode has one.
        var run = 0;
        foreach (var rune in normalized.EnumerateRunes())
        {
            run = Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? run + 1 : 0;
            if (run > MaxCombiningRun)
            {
                return $"a name cannot stack more than {MaxCombiningRun} combining marks on one character";
            }
        }

        return null;
    }

    private static string ToNfc(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    /// <summary>
    /// Characters that show nothing, or something else than they are: controls, format characters (zero-width
    /// spaces and joiners, direction controls, soft hyphen, BOM, tags), line and paragraph separators, every space but
    /// U+0020, private-use and unassigned code points, and the letters and marks Unicode lists as default-ignorable
    /// or that render blank.
    /// </summary>
    private static bool IsHidden(Rune rune, UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate
        || (category == UnicodeCategory.SpaceSeparator && rune.Value != ' ')
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x2800 or 0x3164 or 0xFFA0;

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
