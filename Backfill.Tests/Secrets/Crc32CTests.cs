using System.Text;
using Backfill.Services.Secrets;

namespace Backfill.Tests.Secrets;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckValue_IsCastagnolis()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Empty_IsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(64)]
    [InlineData(1001)]
    public void Compute_AnyLength_MatchesTheBitwiseDefinition(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(Bitwise(data), Crc32C.Compute(data));
    }

    /// <summary>The textbook reflected CRC-32C, one bit at a time (polynomial 0x82F63B78).</summary>
    private static uint Bitwise(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
