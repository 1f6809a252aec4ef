using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts.Channels;

/// <summary>A Slack incoming webhook: <c>POST {"text": …}</c>; Slack answers 200 <c>ok</c>, or an error code in the body.</summary>
internal sealed class SlackAlertChannel(
    IHttpClientFactory httpClients, AlertSecretReader secrets, IOptions<AlertOptions> options, TimeProvider timeProvider) : IAlertChannel
{
    public string Name => "slack";

    public bool Enabled => options.Value.Slack.Enabled;

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var slack = options.Value.Slack;
        var url = WebhookAddress.Parse(
            await secrets.ReadAsync(slack.WebhookUrl, slack.WebhookUrlSecret, "Alerts:Slack:WebhookUrl", cancellationToken), "Alerts:Slack:WebhookUrl");

        // mrkdwn: the title in bold above the text; Slack escapes nothing else we send that matters.
        var body = new { text = $"*{Escape(message.Title)}*\n{Escape(message.Text)}" };
        using var response = await httpClients.CreateClient(AlertsServiceCollectionExtensions.HttpClientName)
            .PostAsJsonAsync(url, body, cancellationToken);
        await HttpAlertResponses.EnsureDeliveredAsync(response, "Slack", url, timeProvider, cancellationToken);
    }

    // Slack's three control characters; anything else in our text is shown as written.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
