using System.Globalization;
using System.Text;

namespace Backfill.KlaviyoSandbox;

/// <summary>Id formats Klaviyo uses: short base62 ids, 26-char ULIDs, 32-hex attribution ids, UUIDv1-looking uuids.</summary>
internal static class SandboxIds
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Short(ulong value, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = length - 1; i >= 0; i--)
        {
            chars[i] = Base62[(int)(value % 62)];
            value /= 62;
        }
        return new string(chars);
    }

    public static string Ulid(DateTimeOffset time, ulong random)
    {
        Span<char> chars = stackalloc char[26];
        var ms = (ulong)time.ToUnixTimeMilliseconds();
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Crockford[(int)(ms & 31)];
            ms >>= 5;
        }
        var r1 = random;
        var r2 = SandboxRandom.Mix(random);
        for (var i = 10; i < 26; i++)
        {
            var source = i < 22 ? r1 : r2;
            chars[i] = Crockford[(int)((source >> ((i % 12) * 5)) & 31)];
        }
        return new string(chars);
    }

    /// <summary>A ULID whose last 7 characters carry <paramref name="code"/> (35 bits) so it can be decoded.</summary>
    public static string CodedUlid(DateTimeOffset time, ulong random, long code)
    {
        var ulid = Ulid(time, random).AsSpan(0, 19).ToString();
        Span<char> tail = stackalloc char[7];
        for (var i = 6; i >= 0; i--)
        {
            tail[i] = Crockford[(int)(code & 31)];
            code >>= 5;
        }
        return ulid + new string(tail);
    }

    public static long? DecodeUlidTail(string id)
    {
        if (id.Length != 26)
        {
            return null;
        }
        long code = 0;
        for (var i = 19; i < 26; i++)
        {
            var digit = Crockford.IndexOf(id[i], StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }
            code = (code << 5) | (uint)digit;
        }
        return code;
    }

    public static string Hex32(ulong a) =>
        string.Create(CultureInfo.InvariantCulture, $"{a:x16}{SandboxRandom.Mix(a):x16}");

    public static string Uuid4(ulong a)
    {
        var h = Hex32(a);
        return string.Concat(h[..8], "-", h[8..12], "-4", h[13..16], "-a", h[17..20], "-", h[20..32]);
    }

    /// <summary>UUIDv1 layout (time-based) so it looks like Klaviyo's event uuids; fully derived from inputs.</summary>
    public static string UuidV1(long unixSeconds, ulong node)
    {
        var ticks = (ulong)(unixSeconds * 10_000_000L) + 0x01B21DD213814000UL + (node % 10_000_000UL);
        var timeLow = (uint)(ticks & 0xFFFFFFFF);
        var timeMid = (ushort)((ticks >> 32) & 0xFFFF);
        var timeHi = (ushort)(((ticks >> 48) & 0x0FFF) | 0x1000);
        var clock = (ushort)((SandboxRandom.Mix(node) & 0x3FFF) | 0x8000);
        var nodePart = SandboxRandom.Mix(node + 1) & 0xFFFFFFFFFFFFUL;
        var sb = new StringBuilder(36);
        sb.Append(CultureInfo.InvariantCulture, $"{timeLow:x8}-{timeMid:x4}-{timeHi:x4}-{clock:x4}-{nodePart:x12}");
        return sb.ToString();
    }
}
