using Backfill.Services.Klaviyo;

namespace Backfill.Services.Clients;

/// <summary>
/// Finds the Klaviyo private key of one client. The one seam through which keys enter the process, so that
/// Secret Manager can replace configuration without touching the engine.
/// </summary>
public interface IKlaviyoKeyResolver
{
    /// <summary>The client's key; throws <see cref="KlaviyoKeyUnavailableException"/> (never containing a key) when there is none.</summary>
    Task<KlaviyoApiKey> ResolveAsync(ClientRecord client, CancellationToken cancellationToken);
}

/// <summary>No key could be found for a client; the message says where we looked and how to fix it.</summary>
public sealed class KlaviyoKeyUnavailableException(string message) : Exception(message);
