using System.Buffers.Binary;
using System.Numerics;

namespace Backfill.Services.Secrets;

/// <summary>
/// CRC32C (Castagnoli), the checksum Secret Manager puts in <c>payload.dataCrc32c</c>. Not System.IO.Hashing's
/// Crc32, which is the IEEE polynomial. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's instruction
/// where there is one; the register starts at all ones and is inverted at the end.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
