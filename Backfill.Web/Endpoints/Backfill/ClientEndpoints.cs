using System.Text.Json;
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
            .RequireRateLimiting(ApiRateLimits.PerCaller);

        // GET /api/clients
        api.MapGet("/", ListAsync).WithName("ListClients").WithSummary("Every registered client with its backfill status");

        // POST /api/clients {"id":"acme","name":"Acme","klaviyo_secret_name":null,"placed_order_metric_id":null,"sandbox_account":false}
        api.MapPost("/", AddAsync).WithName("AddClient").WithSummary("Register a client")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<NewClientBody>("application/json");

        // DELETE /api/clients/{client_id}
        api.MapDelete("/{client_id}", RemoveAsync).WithName("RemoveClient").WithSummary("Remove a client (refused while its backfill runs); its copied data is kept")
            .RequireAuthorization(BackfillPolicies.Operate);
        return app;
    }

    private static async Task<IResult> ListAsync(ClientRegistry clients, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var records = await clients.ListAsync(cancellationToken);
        return TypedResults.Ok(records.Select(c => ToResponse(c, coordinator)).ToList());
    }

    private static async Task<IResult> AddAsync(HttpRequest request, ClientRegistry clients, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var body = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (body is null)
        {
            return input.HasErrors ? input.Problem() : TypedResults.Problem("The body is larger than the limit.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        NewClient client;
        using (body)
        {
            var root = body.RootElement;
            client = new NewClient(
                JsonBody.String(root, "id", input), JsonBody.String(root, "name", input), JsonBody.String(root, "klaviyo_secret_name", input),
                JsonBody.String(root, "placed_order_metric_id", input), JsonBody.Boolean(root, "sandbox_account", input) ?? false);
        }

        input.AddAll(NewClientValidator.Validate(client));
        if (input.HasErrors)
        {
            return input.Problem();
        }

        var result = await coordinator.AddClientAsync(client, cancellationToken);
        if (!result.Accepted)
        {
            return CommandResults.Refusal(result.Outcome, result.Message, result.Errors);
        }

        var record = await clients.GetAsync(result.Status!.ClientId, cancellationToken);
        return TypedResults.Created($"/api/clients/{result.Status.ClientId.Value}", ToResponse(record!, coordinator));
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
        (coordinator.Board.Find(c.Id)?.State ?? BackfillState.NotStarted).ToWire());
}

/// <summary>The body of <c>POST /api/clients</c>, for the OpenAPI document.</summary>
internal sealed record NewClientBody(string Id, string Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, bool SandboxAccount);

/// <summary>Small, size-limited JSON bodies read by hand so each wrong field is named in the 400.</summary>
internal static class JsonBody
{
    public const long MaxBytes = 16 * 1024;

    /// <summary>The body as a JSON object; null with errors set when malformed, null without errors when too large.</summary>
    public static async Task<JsonDocument?> ReadObjectAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            input.Fail("body", "the body is not valid JSON");
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            input.Fail("body", "the body must be a JSON object");
            return null;
        }

        return document;
    }

    public static string? String(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        input.Fail(name, $"{name} must be a string");
        return null;
    }

    public static int? Integer(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        input.Fail(name, $"{name} must be a whole number");
        return null;
    }

    public static bool? Boolean(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        input.Fail(name, $"{name} must be true or false");
        return null;
    }
}
