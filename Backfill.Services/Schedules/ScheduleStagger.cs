using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Backfill.Services.Storage;

namespace Backfill.Services.Schedules;

/// <summary>
/// Each client's fixed delay after its schedule's time, from a hash of its id. SHA-256, not <c>string.GetHashCode</c>:
/// that one is randomised per process, so the delay would change on every restart (and a restart could run a slot twice).
/// </summary>
public static class ScheduleStagger
{
    /// <summary>A whole number of seconds in [0, <paramref name="staggerMinutes"/> minutes).</summary>
    public static TimeSpan Offset(ClientId clientId, int staggerMinutes)
    {
        if (staggerMinutes <= 0)
        {
            return TimeSpan.Zero;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(clientId.Value));
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash);
        return TimeSpan.FromSeconds((long)(value % (ulong)(staggerMinutes * 60L)));
    }
}
