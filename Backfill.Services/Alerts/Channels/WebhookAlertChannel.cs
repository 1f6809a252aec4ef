using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts.Channels;

/// <summary>
/// The generic webhook: the message as snake_case JSON, signed per <see cref="WebhookSignature"/>. Each attempt is
/// signed anew with its own timestamp, so a retry is never refused as stale; <c>delivery_id</c> stays the same, so the
/// receiver can drop a duplicate.
/// </summary>
internal sealed class WebhookAlertChannel(
    IHttpClientFactory httpClients, AlertSecretReader secrets, IOptions<AlertOptions> options, TimeProvider timeProvider) : IAlertChannel
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string Name => "webhook";

    public bool Enabled => options.Value.Webhook.Enabled;

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var webhook = options.Value.Webhook;
        var url = WebhookAddress.Parse(await secrets.ReadAsync(webhook.Url, webhook.UrlSecret, "Alerts:Webhook:Url", cancellationToken), "Alerts:Webhook:Url");
        var secret = await secrets.ReadAsync(webhook.Secret, webhook.SecretSecret, "Alerts:Webhook:Secret", cancellationToken);

        var body = JsonSerializer.SerializeToUtf8Bytes(Body(message), Json);
        var timestamp = WebhookSignature.Timestamp(timeProvider.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
        using var response = await httpClients.CreateClient(AlertsServiceCollectionExtensions.HttpClientName).SendAsync(request, cancellationToken);
        await HttpAlertResponses.EnsureDeliveredAsync(response, "The webhook", url, timeProvider, cancellationToken);
    }

    private static object Body(AlertMessage message) => new
    {
        message.DeliveryId,
        Event = message.Event.ToWire(),
        Kind = message.Kind?.ToWire(),
        message.ClientId,
        message.ClientName,
        message.Title,
        message.Text,
        message.OpenedAt,
        message.OccurredAt,
    };
}
