using System.Globalization;
using System.Security.Cryptography;

namespace Backfill.Services.Backfill.History;

/// <summary>Run ids that sort by start time (the history reads them newest first by id), with a random tail.</summary>
public static class RunIds
{
    public static string New(DateTimeOffset startedAt) =>
        startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>True for an id <see cref="New"/> could have made: what a page token must be.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 26 }
        && DateTime.TryParseExact(value[..19], "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && value[19] == '-'
        && value[20..].All(char.IsAsciiHexDigitLower);
}
