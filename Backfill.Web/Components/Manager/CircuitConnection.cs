using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// Whether this circuit's browser is connected. A tab closed without unloading (a crash, a lost network, a sleeping
/// laptop) leaves its circuit on the server for a reconnect (3 minutes by default); the manager stops rendering board
/// snapshots into it meanwhile and shows the latest one when the browser comes back.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    /// <summary>False between a connection's loss and its return.</summary>
    public bool IsUp { get; private set; } = true;

    /// <summary>Raised when the browser has reconnected.</summary>
    public event Action? Reconnected;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        IsUp = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !IsUp;
        IsUp = true;
        if (wasDown)
        {
            Reconnected?.Invoke();
        }

        return Task.CompletedTask;
    }
}
