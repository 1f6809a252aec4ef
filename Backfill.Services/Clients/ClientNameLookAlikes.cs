using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>
/// Finds a new client name that reads like an existing one ('Rоgue Creamery' with a Cyrillic о, 'ROGUE CREAMERY',
/// 'Rogue Creamery' in full-width letters), by comparing skeletons: compatibility-decomposed (NFKD), common Cyrillic
/// and Greek look-alikes mapped to the Latin letters they imitate, lower-cased, the usual Latin confusions folded
/// (i/l/1/|, 0/o, rn/m, vv/w), invisible characters dropped and spaces collapsed.
/// </summary>
/// <remarks>
/// A warning, never a refusal: two clients may honestly share a name (one brand's two Klaviyo accounts), only operators
/// add clients, and the id — lowercase ASCII and unique — is shown beside every name. The warning makes the second
/// operator look twice. This is a short table of the confusions that matter for Latin names, not Unicode's full
/// confusables data (UTS #39).
/// </remarks>
public static class ClientNameLookAlikes
{
    private static readonly FrozenDictionary<char, char> ToLatin = new Dictionary<char, char>
    {
        // Cyrillic capitals and small letters that are drawn like Latin ones.
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['Ѕ'] = 'S', ['І'] = 'I', ['Ј'] = 'J', ['К'] = 'K', ['М'] = 'M',
        ['Н'] = 'H', ['О'] = 'O', ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['У'] = 'Y', ['Х'] = 'X', ['Ү'] = 'Y',
        ['Ԛ'] = 'Q', ['Ԝ'] = 'W', ['Ӏ'] = 'I',
        ['а'] = 'a', ['е'] = 'e', ['і'] = 'i', ['ј'] = 'j', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y',
        ['х'] = 'x', ['ѕ'] = 's', ['һ'] = 'h', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w', ['ү'] = 'y', ['ӏ'] = 'l',
        ['п'] = 'n', ['ь'] = 'b',

        // Greek.
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ζ'] = 'Z', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M',
        ['Ν'] = 'N', ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Υ'] = 'Y', ['Χ'] = 'X',
        ['α'] = 'a', ['ο'] = 'o', ['ρ'] = 'p', ['ν'] = 'v', ['ι'] = 'i', ['κ'] = 'k', ['υ'] = 'u', ['χ'] = 'x',
        ['γ'] = 'y', ['η'] = 'n',

        // Latin letters without a dot or with a hook that pass for plain ones.
        ['ı'] = 'i', ['ɡ'] = 'g', ['ɑ'] = 'a',
    }.ToFrozenDictionary();

    /// <summary>The form two names share when they read alike.</summary>
    public static string Skeleton(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var skeleton = new StringBuilder(name.Length);
        foreach (var c in Decompose(name))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || category is UnicodeCategory.SpaceSeparator)
            {
                if (skeleton.Length > 0 && skeleton[^1] != ' ')
                {
                    skeleton.Append(' ');
                }

                continue;
            }

            var latin = char.ToLowerInvariant(ToLatin.GetValueOrDefault(c, c));
            skeleton.Append(latin switch
            {
                'i' or '1' or '|' => 'l',
                '0' => 'o',
                _ => latin,
            });
        }

        return skeleton.Replace("rn", "m").Replace("vv", "w").ToString().Trim();
    }

    // Normalize throws on text that is not well-formed UTF-16, which the dialog can hold while the user types.
    private static string Decompose(string name)
    {
        try
        {
            return name.Normalize(NormalizationForm.FormKD);
        }
        catch (ArgumentException)
        {
            return name;
        }
    }

    /// <summary>
    /// The warning for <paramref name="name"/> when it reads like the name of one of <paramref name="existing"/>
    /// (other clients: id and name), or null.
    /// </summary>
    public static string? Warning(string name, IEnumerable<(ClientId Id, string Name)> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var skeleton = Skeleton(name);
        var alike = existing.Where(client => Skeleton(client.Name) == skeleton).Select(client => $"'{client.Name}' ({client.Id})").ToList();
        return alike.Count == 0
            ? null
            : $"reads like the name of {(alike.Count == 1 ? "the client" : "the clients")} {string.Join(", ", alike)}: check this is a different account, not a look-alike";
    }
}
