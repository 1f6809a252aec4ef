using Backfill.Services.Storage;
using Backfill.Web.Endpoints.Backfill;

namespace Backfill.Web.Security;

/// <summary>
/// Answers a route's <c>{client_id}</c> outside the caller's <see cref="ClientScope"/> with the very 404 an unknown
/// client gets, before the handler reads anything. It does not look the client up, so the answer is the same whether
/// the other client exists or not. Ids that break the id rules go on to the handler, which refuses them for everyone.
/// </summary>
internal sealed class ClientScopeFilter : IEndpointFilter
{
    /// <summary>The route parameter every per-client route names its client with.</summary>
    public const string RouteParameter = "client_id";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue(RouteParameter, out var value)
            && ClientId.TryParse(value as string, out var id, out _)
            && !ClientScope.Of(http.User).Allows(id))
        {
            return CommandResults.UnknownClient(id);
        }

        return await next(context);
    }
}

/// <summary>Marks an endpoint as scoped by <see cref="ClientScopeFilter"/> (tests check every per-client route has it).</summary>
public sealed class ClientScopedMetadata
{
    public static ClientScopedMetadata Instance { get; } = new();
}

public static class ClientScopeEndpointExtensions
{
    /// <summary>
    /// Scopes every route of <paramref name="builder"/> (a group or one route) that takes <c>{client_id}</c> to the
    /// caller's clients: one call per <c>MapGroup</c>. Routes that list or act on many clients also filter by
    /// <see cref="ClientScope.Of"/> of the request's user.
    /// </summary>
    public static TBuilder RequireClientScope<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, ClientScopeFilter>();
        return builder.WithMetadata(ClientScopedMetadata.Instance);
    }
}
