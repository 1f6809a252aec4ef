using System.Security.Cryptography;
using System.Text;

namespace Backfill.Web.Security;

/// <summary>SHA-256 of an API key; configured keys are compared as hashes, in constant time.</summary>
internal static class ApiKeyHash
{
    public static byte[] Of(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static bool TryParse(string? hex, out byte[] hash)
    {
        hash = [];
        if (hex is null || hex.Length != 64)
        {
            return false;
        }

        try
        {
            hash = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
