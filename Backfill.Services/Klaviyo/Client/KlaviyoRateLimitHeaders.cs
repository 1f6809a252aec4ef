using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>Reads Klaviyo's throttling headers; values may be plain integers or IETF lists such as <c>3, 3;w=60</c>.</summary>
internal static class KlaviyoRateLimitHeaders
{
    /// <summary>The 429's <c>Retry-After</c> as a delay, whether sent as seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }

        return FirstInteger(response.Headers, "Retry-After") is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>When <c>RateLimit-Remaining</c> says the steady window is spent, how long until <c>RateLimit-Reset</c>.</summary>
    public static TimeSpan? ExhaustedFor(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        var remaining = FirstInteger(response.Headers, "RateLimit-Remaining");
        var reset = FirstInteger(response.Headers, "RateLimit-Reset");
        return remaining is <= 0 && reset is > 0 ? TimeSpan.FromSeconds(reset.Value) : null;
    }

    private static long? FirstInteger(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var digits = value.AsSpan().TrimStart();
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }

            if (end > 0 && long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }

        return null;
    }
}
