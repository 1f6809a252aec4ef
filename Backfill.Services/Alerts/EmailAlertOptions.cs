namespace Backfill.Services.Alerts;

/// <summary><c>Alerts:Email</c>: mail over SMTP (STARTTLS by default, then login). Off unless <see cref="Host"/> is set.</summary>
public sealed class EmailAlertOptions
{
    public string? Host { get; set; }

    /// <summary>Default 587 (submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary><see cref="EmailSecurity.StartTls"/> (default) or <see cref="EmailSecurity.SslOnConnect"/> (port 465). Never plain text.</summary>
    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    /// <summary>Login name; empty sends without logging in (a relay that trusts the network).</summary>
    public string? UserName { get; set; }

    /// <summary>Login password; keep it out of appsettings.json.</summary>
    public string? Password { get; set; }

    /// <summary>Instead of <see cref="Password"/>: the Secret Manager secret that holds it.</summary>
    public string? PasswordSecret { get; set; }

    /// <summary>Sender address, e.g. <c>backfill@agency.example</c>.</summary>
    public string? From { get; set; }

    /// <summary>Recipients.</summary>
    public IList<string> To { get; set; } = [];

    /// <summary>
    /// SHA-256 (hex) of the server's certificate, to accept a relay whose certificate no public authority signed
    /// (that one certificate only). Empty: the certificate must be valid as usual.
    /// </summary>
    public string? TrustedCertificateSha256 { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
