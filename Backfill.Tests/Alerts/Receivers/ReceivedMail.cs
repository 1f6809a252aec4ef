using MimeKit;

namespace Backfill.Tests.Alerts.Receivers;

/// <summary>A message the SMTP receiver accepted: the parsed mail, whether STARTTLS was on, who logged in, the envelope recipients.</summary>
internal sealed record ReceivedMail(MimeMessage Message, bool Encrypted, string? User, IReadOnlyList<string> Recipients);
