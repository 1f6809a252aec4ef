using System.Collections.Frozen;
using System.Security.Claims;
using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Web.Security;

/// <summary>
/// Which clients a caller may see and act on. It travels as <see cref="ClaimType"/> claims, one per client id, that the
/// API-key handler and Google sign-in issue from <c>Auth:ApiKeys:{n}:Clients</c> and <c>Auth:Google:ClientAccess</c>;
/// no such claim means every client (local mode, and any key or person configured without a list). Every route and
/// component asks <see cref="Of"/> (or <see cref="ClientAccess"/> in a circuit) and treats a client outside the scope
/// exactly like an unknown one, so a scoped caller cannot even learn that another client exists.
/// </summary>
public sealed class ClientScope
{
    /// <summary>The claim naming one client the caller may see.</summary>
    public const string ClaimType = "backfill:client";

    private readonly FrozenSet<ClientId>? _clients;

    private ClientScope(FrozenSet<ClientId>? clients) => _clients = clients;

    /// <summary>Every client, as before scoping existed.</summary>
    public static ClientScope All { get; } = new(null);

    /// <summary>True when the caller sees only <see cref="Clients"/>; false means every client.</summary>
    public bool IsLimited => _clients is not null;

    /// <summary>The clients of a limited scope, ordered by id; empty for <see cref="All"/>.</summary>
    public IReadOnlyList<ClientId> Clients => _clients is null ? [] : [.. _clients.OrderBy(c => c.Value, StringComparer.Ordinal)];

    /// <summary>A scope of exactly these clients (ids that break the id rules are dropped, never widened to all).</summary>
    public static ClientScope Only(IEnumerable<string> clients) =>
        new(clients.Select(c => ClientId.TryParse(c, out var id, out _) ? id : (ClientId?)null).OfType<ClientId>().ToFrozenSet());

    /// <summary>The scope the signed-in user's claims carry.</summary>
    public static ClientScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = user.FindAll(ClaimType).Select(c => c.Value).ToList();
        return claims.Count == 0 ? All : Only(claims);
    }

    /// <summary>The claims that carry <paramref name="clients"/>; none (every client) for null or an empty list.</summary>
    public static IReadOnlyList<Claim> Claims(IEnumerable<string>? clients) =>
        [.. (clients ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Select(c => new Claim(ClaimType, c))];

    public bool Allows(ClientId clientId) => _clients is null || _clients.Contains(clientId);

    /// <summary>
    /// Why this scope may not register a client with <paramref name="clientId"/>, or null when it may. A limited caller
    /// may add only a client in its own list, refused before the id is looked up (a "taken" answer would tell it that
    /// another client exists).
    /// </summary>
    public string? RefusalToAdd(string? clientId) =>
        _clients is null || (ClientId.TryParse(clientId, out var id, out _) && _clients.Contains(id))
            ? null
            : "Your access is limited to some clients: you may add only a client whose id is one of them. Ask an administrator to extend your client access.";

    /// <summary>The items that belong to a client in the scope, in their order.</summary>
    public IReadOnlyList<T> Filter<T>(IEnumerable<T> items, Func<T, ClientId> clientOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(clientOf);
        return _clients is null ? [.. items] : [.. items.Where(i => _clients.Contains(clientOf(i)))];
    }

    /// <summary>The board with only the scope's clients (the same version, so readers can still order snapshots).</summary>
    public BackfillBoard Filter(BackfillBoard board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return _clients is null ? board : board with { Statuses = Filter(board.Statuses, s => s.ClientId) };
    }
}
