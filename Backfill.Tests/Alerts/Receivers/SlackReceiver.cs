using System.Security.Cryptography;
using System.Text.Json;

namespace Backfill.Tests.Alerts.Receivers;

/// <summary>
/// Shaped like a Slack incoming webhook: <c>POST /services/T…/B…/{token}</c> with a JSON object whose <c>text</c> is a
/// non-empty string, answered 200 <c>ok</c>; anything else is 400 <c>invalid_payload</c>, as Slack answers.
/// </summary>
internal static class SlackReceiver
{
    /// <summary>A token-shaped path, as the URL Slack hands out.</summary>
    public static string NewPath() => $"/services/T0ALERTS/B0ALERTS/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    public static Task<HttpReceiver> StartAsync(string path) =>
        HttpReceiver.StartAsync(path, (headers, body) =>
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty("text", out var text)
                    && text.ValueKind == JsonValueKind.String
                    && text.GetString()!.Length > 0
                        ? null
                        : "invalid_payload";
            }
            catch (JsonException)
            {
                return "invalid_payload";
            }
        });

    public static string Text(ReceivedRequest request)
    {
        using var json = JsonDocument.Parse(request.Body);
        return json.RootElement.GetProperty("text").GetString()!;
    }
}
