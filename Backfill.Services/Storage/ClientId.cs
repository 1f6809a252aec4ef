using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Backfill.Services.Storage;

/// <summary>
/// A validated client id: 1–63 characters of lowercase letters, digits, '-' and '_', starting with a letter
/// or digit. Anything else is refused before any path is built.
/// </summary>
public readonly partial record struct ClientId
{
    public const int MaxLength = 63;

    private ClientId(string value) => Value = value;

    public string Value { get; }

    public static ClientId Parse(string? value) =>
        TryParse(value, out var id, out var error) ? id : throw new InvalidClientIdException(value ?? "", error);

    public static bool TryParse(string? value, out ClientId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        error = Problem(value);
        if (error is not null)
        {
            return false;
        }

        id = new ClientId(value!);
        return true;
    }

    private static string? Problem(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "a client id is required";
        }

        if (value.Length > MaxLength)
        {
            return $"a client id has at most {MaxLength} characters (this one has {value.Length})";
        }

        if (!Pattern().IsMatch(value))
        {
            return "a client id uses only lowercase letters a-z, digits, '-' and '_', and starts with a letter or digit";
        }

        return null;
    }

    public override string ToString() => Value;

    // \z, not $: '$' also matches before a final '\n', which let "acme\n" through to path building.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

public sealed class InvalidClientIdException(string value, string reason)
    : StoreException(StoreErrorCode.InvalidArgument, $"invalid client id '{Shorten(value)}': {reason}")
{
    public string Reason { get; } = reason;

    private static string Shorten(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
