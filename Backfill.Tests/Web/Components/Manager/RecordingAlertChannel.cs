using System.Collections.Concurrent;
using Backfill.Services.Alerts;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// An alert channel double for component tests: keeps what it is given, or fails with <see cref="Failure"/>. Real
/// channels are tested against real receivers in <c>Backfill.Tests/Alerts</c>; here only the page's use is under test.
/// </summary>
internal sealed class RecordingAlertChannel(string name = "recording") : IAlertChannel
{
    private readonly ConcurrentQueue<AlertMessage> _messages = new();

    public string Name { get; } = name;

    public bool Enabled => true;

    public string? Failure { get; set; }

    public IReadOnlyList<AlertMessage> Messages => [.. _messages];

    public Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw new AlertDeliveryException(Failure, transient: false);
        }

        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
