namespace Backfill.Services.Alerts;

/// <summary>
/// Somewhere alerts go (Slack, e-mail, a webhook). The seam between the dispatcher, which queues, retries and times
/// out, and the one class per channel that speaks its protocol. A failure is thrown: an
/// <see cref="AlertDeliveryException"/> says whether another attempt could succeed.
/// </summary>
public interface IAlertChannel
{
    /// <summary><c>slack</c>, <c>email</c>, <c>webhook</c>: what logs and the API call it (never its address).</summary>
    string Name { get; }

    /// <summary>Whether it is configured; a channel that is not is never sent to.</summary>
    bool Enabled { get; }

    /// <summary>One attempt to deliver <paramref name="message"/>.</summary>
    Task SendAsync(AlertMessage message, CancellationToken cancellationToken);
}
