using System.Security.Cryptography;
using System.Text;

namespace Backfill.Tests.Web.Security;

/// <summary>What an administrator puts in <c>Auth:ApiKeys:{n}:Sha256</c>: <c>printf %s "$KEY" | sha256sum</c>.</summary>
internal static class ApiKeyHashes
{
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
