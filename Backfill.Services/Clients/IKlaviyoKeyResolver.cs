using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>
/// Finds the Klaviyo private key of one client. The one seam through which keys enter the process, so that
/// Secret Manager can replace configuration without touching the engine.
/// </summary>
public interface IKlaviyoKeyResolver
{
    /// <summary>The client's key; throws <see cref="KlaviyoKeyUnavailableException"/> (never containing a key) when there is none.</summary>
    Task<KlaviyoApiKey> ResolveAsync(ClientRecord client, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets a cached key of <paramref name="client"/> (e.g. after Klaviyo answered 401, because the secret may have
    /// been rotated). True when something was forgotten, i.e. resolving again may give a different key.
    /// </summary>
    bool Invalidate(ClientId client) => false;
}

/// <summary>No key could be found for a client; the message says where we looked and how to fix it.</summary>
public sealed class KlaviyoKeyUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
