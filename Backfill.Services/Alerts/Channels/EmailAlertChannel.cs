using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Backfill.Services.Logging;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Backfill.Services.Alerts.Channels;

/// <summary>
/// E-mail through an SMTP server with MailKit: connect (STARTTLS required, or TLS on connect), log in, send, quit. One
/// connection per message: alerts are rare, and a fresh connection never inherits a half-broken one.
/// </summary>
internal sealed class EmailAlertChannel(AlertSecretReader secrets, IOptions<AlertOptions> options) : IAlertChannel
{
    public string Name => "email";

    public bool Enabled => options.Value.Email.Enabled;

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = options.Value.Email;
        var mail = Compose(message, email);
        string? password = null;
        if (!string.IsNullOrWhiteSpace(email.UserName))
        {
            password = await secrets.ReadAsync(email.Password, email.PasswordSecret, "Alerts:Email:Password", cancellationToken);
        }

        using var client = new SmtpClient
        {
            // MailKit's own I/O timeout; the dispatcher's timeout (through the token) normally ends an attempt first.
            Timeout = (int)options.Value.SendTimeout.TotalMilliseconds,
        };
        if (!string.IsNullOrWhiteSpace(email.TrustedCertificateSha256))
        {
            var pinned = Convert.FromHexString(email.TrustedCertificateSha256.Replace(":", "", StringComparison.Ordinal));
            client.ServerCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || IsPinned(certificate, pinned);
        }

        try
        {
            await client.ConnectAsync(email.Host!, email.Port, email.Security == EmailSecurity.SslOnConnect ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls, cancellationToken);
            if (password is not null)
            {
                await client.AuthenticateAsync(email.UserName!, password, cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (Classify(e) is { } failure)
        {
            throw failure;
        }
    }

    private static MimeMessage Compose(AlertMessage message, EmailAlertOptions email)
    {
        var mail = new MimeMessage { Subject = message.Title, Body = new TextPart("plain") { Text = message.Text } };
        mail.From.Add(MailboxAddress.Parse(email.From!));
        mail.To.AddRange(email.To.Select(MailboxAddress.Parse));
        mail.Headers.Add("X-Backfill-Delivery", message.DeliveryId.ToString("D"));
        return mail;
    }

    private static bool IsPinned(X509Certificate? certificate, byte[] pinned) =>
        certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pinned);

    // Null: not ours to classify (cancellation), thrown as it is.
    private static AlertDeliveryException? Classify(Exception e) => e switch
    {
        AuthenticationException => new("The SMTP server refused the login (Alerts:Email:UserName / Password).", transient: false, innerException: e),
        SslHandshakeException => new(
            "TLS with the SMTP server failed; is its certificate valid (or Alerts:Email:TrustedCertificateSha256 set)?", transient: false, innerException: e),
        SmtpCommandException command => new(
            SecretRedactor.Redact($"The SMTP server answered {(int)command.StatusCode}: {command.Message}"), transient: (int)command.StatusCode < 500, innerException: e),
        NotSupportedException => new("The SMTP server does not offer STARTTLS; alerts are never mailed in clear.", transient: false, innerException: e),
        SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException =>
            new(SecretRedactor.Redact($"The SMTP connection failed: {e.Message}"), transient: true, innerException: e),
        _ => null,
    };
}
