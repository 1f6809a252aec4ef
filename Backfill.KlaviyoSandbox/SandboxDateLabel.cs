using System.Globalization;

namespace Backfill.KlaviyoSandbox;

/// <summary>Writes one bucket label in the configured <see cref="SandboxDateLabels"/> style.</summary>
internal static class SandboxDateLabel
{
    /// <summary><paramref name="start"/> is the bucket's first instant, <paramref name="timeZone"/> the zone the buckets are computed in.</summary>
    public static string Format(DateTimeOffset start, TimeZoneInfo timeZone, SandboxDateLabels style)
    {
        var local = TimeZoneInfo.ConvertTime(start, timeZone);
        return style == SandboxDateLabels.Local
            ? local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)
            : local.DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
    }
}
