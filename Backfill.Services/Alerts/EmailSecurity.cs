namespace Backfill.Services.Alerts;

/// <summary>How the SMTP connection is encrypted; there is deliberately no plain-text choice, a password travels on it.</summary>
public enum EmailSecurity
{
    /// <summary>Connect in plain text and require STARTTLS before anything else (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}
