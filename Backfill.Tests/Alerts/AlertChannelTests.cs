using System.Globalization;
using System.Text;
using System.Text.Json;
using Backfill.Services.Alerts;
using Backfill.Tests.Alerts.Receivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.Alerts;

/// <summary>Each channel against a real receiver on 127.0.0.1: what arrives, how it is signed, encrypted and logged in.</summary>
public sealed class AlertChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_Message_ArrivesSignedWithEveryField()
    {
        var secret = WebhookReceiver.NewSecret();
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(
            AlertTestServices.Settings(("Alerts:Webhook:Url", receiver.Url.ToString()), ("Alerts:Webhook:Secret", secret)), time);
        var dispatcher = await StartDispatcherAsync(services);
        var message = AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon);

        dispatcher.Enqueue(message);
        await receiver.WaitForAttemptsAsync(1);

        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Valid, request.Problem);
        var timestamp = request.Headers[WebhookSignature.TimestampHeader];
        Assert.Equal(AlertTestServices.Noon.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);
        Assert.Matches("^sha256=[0-9a-f]{64}$", request.Headers[WebhookSignature.SignatureHeader]);
        Assert.False(WebhookSignature.Verify(secret + "x", timestamp, Encoding.UTF8.GetBytes(request.Body), request.Headers[WebhookSignature.SignatureHeader]));
        Assert.False(WebhookSignature.Verify(secret, timestamp, Encoding.UTF8.GetBytes(request.Body + " "), request.Headers[WebhookSignature.SignatureHeader]));
        using var json = JsonDocument.Parse(request.Body);
        var body = json.RootElement;
        Assert.Equal(message.DeliveryId, body.GetProperty("delivery_id").GetGuid());
        Assert.Equal("opened", body.GetProperty("event").GetString());
        Assert.Equal("run_failed", body.GetProperty("kind").GetString());
        Assert.Equal("acme", body.GetProperty("client_id").GetString());
        Assert.Equal("Acme Outfitters", body.GetProperty("client_name").GetString());
        Assert.Equal("[Backfill] Acme Outfitters (acme): run failed", body.GetProperty("title").GetString());
        Assert.Contains("Klaviyo answered 500", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(AlertTestServices.Noon, body.GetProperty("occurred_at").GetDateTimeOffset());
    }

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_AsTheIssueSpecifies()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":"test"}""");

        var signature = WebhookSignature.Compute("s3cret", "1773489600", body);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes("1773489600." + """{"event":"test"}""")));
        Assert.Equal("sha256=" + expected, signature);
        Assert.True(WebhookSignature.Verify("s3cret", "1773489600", body, signature));
        Assert.False(WebhookSignature.Verify("s3cret", "1773489601", body, signature));
        Assert.False(WebhookSignature.Verify("s3cret", "1773489600", body, null));
    }

    [Fact]
    public async Task Webhook_ReceiverWithAnotherSecret_RefusesAndIsNotRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.NewSecret());
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        await using var services = AlertTestServices.Build(
            AlertTestServices.Settings(("Alerts:Webhook:Url", receiver.Url.ToString()), ("Alerts:Webhook:Secret", WebhookReceiver.NewSecret())), time, logs);
        var dispatcher = await StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        var gaveUp = await logs.WaitForAsync(t => t.Contains("could not be sent to webhook", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromHours(1));

        Assert.Contains("answered 400: bad signature", gaveUp, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Text.StartsWith("Alert not delivered", StringComparison.Ordinal));
        Assert.False(await receiver.NextArrivalAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(1, receiver.Attempts);
    }

    [Fact]
    public async Task Slack_Message_ArrivesAsSlackText()
    {
        await using var receiver = await SlackReceiver.StartAsync(SlackReceiver.NewPath());
        await using var services = AlertTestServices.Build(AlertTestServices.Settings(("Alerts:Slack:WebhookUrl", receiver.Url.ToString())));
        var dispatcher = await StartDispatcherAsync(services);
        var incident = AlertTestServices.Incident() with { Detail = "Klaviyo answered 500: <html> & more" };

        dispatcher.Enqueue(AlertText.ForIncident(incident, AlertEvent.Opened, AlertTestServices.Noon));
        await receiver.WaitForAttemptsAsync(1);

        var request = Assert.Single(receiver.Requests);
        Assert.True(request.Valid, request.Problem);
        var text = SlackReceiver.Text(request);
        Assert.StartsWith("*[Backfill] Acme Outfitters (acme): run failed*\n", text, StringComparison.Ordinal);
        Assert.Contains("Klaviyo answered 500: &lt;html&gt; &amp; more", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_StartTlsAndLogin_TheServerReceivesTheMail()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var services = AlertTestServices.Build(AlertTestServices.Settings(Email(smtp)));
        var dispatcher = await StartDispatcherAsync(services);
        var message = AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Resolved, AlertTestServices.Noon.AddHours(1));

        dispatcher.Enqueue(message);
        var mail = await smtp.WaitForMailAsync();

        Assert.True(mail.Encrypted, "the session was not upgraded with STARTTLS");
        Assert.Equal(smtp.UserName, mail.User);
        Assert.Equal(["ops@agency.example", "oncall@agency.example"], mail.Recipients);
        Assert.Equal("[Backfill] Resolved: Acme Outfitters (acme): run failed", mail.Message.Subject);
        Assert.Equal("backfill@agency.example", mail.Message.From.Mailboxes.Single().Address);
        Assert.Contains("Resolved: the condition cleared.", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Equal(message.DeliveryId.ToString("D"), mail.Message.Headers["X-Backfill-Delivery"]);
    }

    [Fact]
    public async Task Email_WrongPassword_FailsOnceAndIsNotRetried()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        var logs = new AlertLogs();
        var time = new FakeTimeProvider(AlertTestServices.Noon);
        var settings = AlertTestServices.Settings(Email(smtp));
        settings["Alerts:Email:Password"] = "not-the-password-" + Guid.NewGuid().ToString("N");
        await using var services = AlertTestServices.Build(settings, time, logs);
        var dispatcher = await StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        var gaveUp = await logs.WaitForAsync(t => t.Contains("could not be sent to email", StringComparison.Ordinal));
        var logins = smtp.FailedLogins;
        time.Advance(TimeSpan.FromHours(1));

        Assert.Contains("refused the login", gaveUp, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Text.StartsWith("Alert not delivered", StringComparison.Ordinal));

        // MailKit tries each mechanism the server offers (PLAIN, LOGIN) within the one attempt; no attempt follows.
        Assert.InRange(logins, 1, 2);
        Assert.Equal(logins, smtp.FailedLogins);
        Assert.Empty(smtp.Mails);
        Assert.DoesNotContain(settings["Alerts:Email:Password"]!, logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Password, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_SelfSignedCertificateNotPinned_IsRefusedBeforeTheLogin()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        var logs = new AlertLogs();
        var settings = AlertTestServices.Settings(Email(smtp));
        settings.Remove("Alerts:Email:TrustedCertificateSha256");
        await using var services = AlertTestServices.Build(settings, logs: logs);
        var dispatcher = await StartDispatcherAsync(services);

        dispatcher.Enqueue(AlertText.ForIncident(AlertTestServices.Incident(), AlertEvent.Opened, AlertTestServices.Noon));
        var gaveUp = await logs.WaitForAsync(t => t.Contains("could not be sent to email", StringComparison.Ordinal));

        Assert.Contains("TLS with the SMTP server failed", gaveUp, StringComparison.Ordinal);
        Assert.Equal(0, smtp.FailedLogins);
        Assert.Empty(smtp.Mails);
    }

    internal static (string, string?)[] Email(SmtpReceiver smtp) =>
    [
        ("Alerts:Email:Host", "127.0.0.1"),
        ("Alerts:Email:Port", smtp.Port.ToString(CultureInfo.InvariantCulture)),
        ("Alerts:Email:UserName", smtp.UserName),
        ("Alerts:Email:Password", smtp.Password),
        ("Alerts:Email:From", "Backfill <backfill@agency.example>"),
        ("Alerts:Email:To:0", "ops@agency.example"),
        ("Alerts:Email:To:1", "oncall@agency.example"),
        ("Alerts:Email:TrustedCertificateSha256", smtp.CertificateSha256),
    ];

    internal static async Task<AlertDispatcher> StartDispatcherAsync(IServiceProvider services)
    {
        var dispatcher = services.GetRequiredService<AlertDispatcher>();
        await dispatcher.StartAsync(Ct);
        return dispatcher;
    }
}
