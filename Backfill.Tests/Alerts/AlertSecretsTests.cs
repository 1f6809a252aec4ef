using System.Globalization;
using Backfill.Services.Alerts;
using Backfill.Services.Logging;
using Backfill.Tests.Alerts.Receivers;
using Backfill.Tests.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Alerts;

/// <summary>Webhook URLs, SMTP passwords and signing secrets: read from Secret Manager when named, and never in a log line.</summary>
public sealed class AlertSecretsTests
{
    [Theory]
    [InlineData("posting to https://hooks.slack.com/services/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 failed", "posting to https://hooks.slack.com/services/*** failed")]
    [InlineData("url=\"https://hooks.slack.com/workflows/T01/A02/345/abcdef\"", "url=\"https://hooks.slack.com/workflows/***\"")]
    [InlineData("HOOKS.SLACK.COM/services/T0/B0/x", "HOOKS.SLACK.COM/services/***")]
    [InlineData("(https://hooks.slack-gov.com/triggers/T0/1/abc)", "(https://hooks.slack-gov.com/triggers/***)")]
    [InlineData("smtp://alerts:p4ssw0rd!@smtp.example.com:587", "smtp://alerts:***@smtp.example.com:587")]
    [InlineData("https://user:token123@example.com/hook?x=1", "https://user:***@example.com/hook?x=1")]
    public void Redact_WebhookUrlsAndUrlPasswords_AreMasked(string input, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(input));
    }

    [Theory]
    [InlineData("see https://api.slack.com/messaging/webhooks for how")]
    [InlineData("http://127.0.0.1:5000/hooks/backfill answered 500")]
    [InlineData("https://example.com:8443/path@v2/x")]
    [InlineData("hooks.slack.com is Slack's webhook host")]
    public void Redact_OrdinaryUrls_AreLeftAlone(string input)
    {
        Assert.Same(input, SecretRedactor.Redact(input));
    }

    [Fact]
    public async Task SecretNames_EveryChannelReadsItsCredentialsFromSecretManager()
    {
        await using var secrets = await SecretManagerStandIn.StartAsync();
        await using var slack = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        var signing = WebhookReceiver.NewSecret();
        await using var webhook = await WebhookReceiver.StartAsync(signing);
        await using var smtp = await SmtpReceiver.StartAsync();
        secrets.SetSecret("alerts-slack-url", slack.Url + "\n");
        secrets.SetSecret("alerts-webhook-url", webhook.Url.ToString());
        secrets.SetSecret("alerts-webhook-secret", signing);
        secrets.SetSecret("alerts-smtp-password", smtp.Password);
        var settings = secrets.Configuration();
        foreach (var (key, value) in AlertChannelTests.Email(smtp).Where(e => e.Item1 != "Alerts:Email:Password"))
        {
            settings[key] = value;
        }

        settings["Alerts:Slack:WebhookUrlSecret"] = "alerts-slack-url";
        settings["Alerts:Webhook:UrlSecret"] = "alerts-webhook-url";
        settings["Alerts:Webhook:SecretSecret"] = "alerts-webhook-secret";
        settings["Alerts:Email:PasswordSecret"] = "alerts-smtp-password";
        var logs = new AlertLogs();
        await using var services = AlertTestServices.Build(settings, logs: logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Resolved, AlertTestServices.Noon));
        await slack.WaitForAttemptsAsync(2);
        await webhook.WaitForAttemptsAsync(2);
        await smtp.WaitForMailAsync(2);

        Assert.All(slack.Requests.Concat(webhook.Requests), r => Assert.True(r.Valid, r.Problem));
        Assert.Equal(["slack", "email", "webhook"], dispatcher.Channels);

        // Read once each and then kept (for SecretManager:CacheDuration), not once per message.
        Assert.Equal(1, secrets.Requests("alerts-slack-url"));
        Assert.Equal(1, secrets.Requests("alerts-webhook-secret"));
        Assert.Equal(1, secrets.Requests("alerts-smtp-password"));
        AssertNoCredentialIn(logs.AllText, slack.Url.AbsolutePath, signing, smtp.Password);
    }

    [Fact]
    public async Task FailingAndSucceedingDeliveries_LogNoUrlSecretOrPassword()
    {
        await using var slack = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        slack.Respond = (attempt, context) => attempt == 1 ? HttpReceiver.Status(context, 503, "try later " + context.Request.Path) : HttpReceiver.Ok(context);
        var signing = WebhookReceiver.NewSecret();
        await using var webhook = await WebhookReceiver.StartAsync(signing);
        webhook.Respond = (_, context) => HttpReceiver.Status(context, 400, "refused");
        await using var smtp = await SmtpReceiver.StartAsync();
        var settings = AlertTestServices.Settings([.. AlertChannelTests.Email(smtp)]);
        settings["Alerts:Email:Password"] = smtp.Password + "-wrong";
        settings["Alerts:Slack:WebhookUrl"] = slack.Url.ToString();
        settings["Alerts:Webhook:Url"] = webhook.Url.ToString();
        settings["Alerts:Webhook:Secret"] = signing;
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(settings, time, logs);
        var dispatcher = await AlertChannelTests.StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        await AlertTestServices.AdvanceUntilAsync(time, slack, () => slack.Attempts == 2, TimeSpan.FromMilliseconds(500));
        await logs.WaitForAsync(t => t.Contains("sent to slack", StringComparison.Ordinal));
        await logs.WaitForAsync(t => t.Contains("could not be sent to webhook", StringComparison.Ordinal));
        await logs.WaitForAsync(t => t.Contains("could not be sent to email", StringComparison.Ordinal));
        var results = await dispatcher.SendTestAsync("ops@agency.example", TestContext.Current.CancellationToken);

        Assert.Equal([true, false, false], results.Select(r => r.Delivered));
        Assert.Contains(logs.Entries, e => e.Text.Contains("Slack answered 503: try later ***", StringComparison.Ordinal));
        AssertNoCredentialIn(
            logs.AllText + string.Join('\n', results.Select(r => r.Error)),
            slack.Url.AbsolutePath, signing, smtp.Password, settings["Alerts:Email:Password"]!);
    }

    private static void AssertNoCredentialIn(string text, params string[] credentials)
    {
        foreach (var credential in credentials)
        {
            Assert.DoesNotContain(credential, text, StringComparison.Ordinal);

            // Not even its tail: the Slack token is the last path segment.
            var tail = credential[^Math.Min(12, credential.Length)..];
            Assert.False(text.Contains(tail, StringComparison.Ordinal), string.Create(CultureInfo.InvariantCulture, $"a credential's last {tail.Length} characters are in:\n{text}"));
        }
    }
}
