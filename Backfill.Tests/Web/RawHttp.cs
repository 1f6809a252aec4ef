using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Backfill.Tests.Web;

/// <summary>A response read off the socket: status, headers (names lower-cased) and the de-chunked body.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// HTTP/1.1 written by hand on a TcpClient, for requests HttpClient will not send (a Host with port 99999, an empty
/// Host): the bytes reach Kestrel exactly as written.
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends <paramref name="head"/> (request line and headers, no blank line) plus <c>Connection: close</c>.</summary>
    public static async Task<RawHttpResponse> SendAsync(Uri server, string head, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head + "\r\nConnection: close\r\n\r\n"), cancellationToken);

        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        return Parse(received.ToArray());
    }

    private static RawHttpResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim(), StringComparer.Ordinal);
        var body = bytes[(end + 4)..];
        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(headers.GetValueOrDefault("transfer-encoding") == "chunked" ? Dechunk(body) : body));
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var result = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = position + body.AsSpan(position).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.Latin1.GetString(body, position, lineEnd - position), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return result.ToArray();
            }

            result.Write(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
