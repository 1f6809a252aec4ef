using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary><c>/api/clients</c>: register, list and remove the clients whose history we copy.</summary>
public static class ClientEndpoints
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/clients").WithTags("Clients")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // GET /api/clients
        api.MapGet("/", ListAsync).WithName("ListClients").WithSummary("Every registered client with its backfill status");

        // POST /api/clients {"id":"acme","name":"Acme","klaviyo_secret_name":null,"placed_order_metric_id":null,"sandbox_account":false}
        api.MapPost("/", AddAsync).WithName("AddClient").WithSummary("Register a client")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<NewClientBody>("application/json");

        // PUT /api/clients/{client_id} {"name":"Acme","klaviyo_secret_name":null,"placed_order_metric_id":null,"refresh_lookback_days":null}
        api.MapPut("/{client_id}", UpdateAsync).WithName("UpdateClient")
            .WithSummary("Change a client's name, secret, Placed Order metric or refresh lookback (refused while its backfill runs); the id stays")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<ClientEditBody>("application/json");

        // DELETE /api/clients/{client_id}
        api.MapDelete("/{client_id}", RemoveAsync).WithName("RemoveClient").WithSummary("Remove a client (refused while its backfill runs); its copied data is kept")
            .RequireAuthorization(BackfillPolicies.Operate);
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ClientRegistry clients, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var records = ClientScope.Of(user).Filter(await clients.ListAsync(cancellationToken), c => c.Id);
        return TypedResults.Ok(records.Select(c => ToResponse(c, coordinator)).ToList());
    }

    private static async Task<IResult> AddAsync(
        HttpRequest request, ClaimsPrincipal user, ClientRegistry clients, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var (body, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (body is null)
        {
            return refusal!;
        }

        NewClient client;
        using (body)
        {
            var root = body.RootElement;
            client = new NewClient(
                JsonBody.String(root, "id", input), JsonBody.String(root, "name", input), JsonBody.String(root, "klaviyo_secret_name", input),
                JsonBody.String(root, "placed_order_metric_id", input), JsonBody.Boolean(root, "sandbox_account", input) ?? false)
            {
                RefreshLookbackDays = JsonBody.Integer(root, "refresh_lookback_days", input),
            };
        }

        input.AddAll(NewClientValidator.Validate(client));
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var scope = ClientScope.Of(user);
        if (scope.RefusalToAdd(client.Id) is { } outside)
        {
            return CommandResults.Refusal(BackfillCommandOutcome.Forbidden, outside, null);
        }

        var result = ScopedAddClient.Narrow(await coordinator.AddClientAsync(client, cancellationToken), scope, coordinator.Board);
        if (!result.Accepted)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
        }

        var record = await clients.GetAsync(result.Status!.ClientId, cancellationToken);
        return TypedResults.Created($"/api/clients/{result.Status.ClientId.Value}", ToResponse(record!, coordinator) with { Warnings = result.Warnings });
    }

    private static async Task<IResult> UpdateAsync(
        string client_id, HttpRequest request, ClientRegistry clients, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        // Unknown before the body is read, as every client route answers an unknown id: the same 404 whatever was sent.
        if (coordinator.FindClient(id) is null)
        {
            return CommandResults.Refusal(BackfillCommandOutcome.NotFound, BackfillCommandResult.UnknownClient(id).Message, null);
        }

        var (edit, refusal) = await ClientEditBody.ReadAsync(request, id, input, cancellationToken);
        if (edit is null)
        {
            return refusal!;
        }

        var result = await coordinator.UpdateClientAsync(id, edit, cancellationToken);
        if (!result.Accepted)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
        }

        return TypedResults.Ok(ToResponse((await clients.GetAsync(id, cancellationToken))!, coordinator));
    }

    private static async Task<IResult> RemoveAsync(string client_id, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var result = await coordinator.RemoveClientAsync(id, cancellationToken);
        return result.Accepted ? TypedResults.NoContent() : CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
    }

    private static ClientResponse ToResponse(ClientRecord c, IBackfillCoordinator coordinator) => new(
        c.Id.Value, c.Name, c.KlaviyoSecretName, c.PlacedOrderMetricId, c.SandboxAccount, c.CreatedAt, c.UpdatedAt,
        (coordinator.Board.Find(c.Id)?.State ?? BackfillState.NotStarted).ToWire(), c.RefreshLookbackDays);
}

/// <summary>The body of <c>POST /api/clients</c>, for the OpenAPI document.</summary>
internal sealed record NewClientBody(string Id, string Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, bool SandboxAccount, int? RefreshLookbackDays);
