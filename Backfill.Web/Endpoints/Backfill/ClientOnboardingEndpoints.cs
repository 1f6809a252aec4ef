using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary><c>/api/clients/test</c> (and import): onboarding clients with a connection test before they are saved.</summary>
public static class ClientOnboardingEndpoints
{
    public static IEndpointRouteBuilder MapClientOnboardingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/clients").WithTags("Clients")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller);

        // POST /api/clients/test {"id":"acme","name":"Acme","klaviyo_secret_name":"klaviyo-acme"} — operators only: it reads secrets and spends Klaviyo requests
        api.MapPost("/test", TestAsync).WithName("TestClientConnection")
            .WithSummary("Test a client's key and Klaviyo account before saving it: account, timezone, currency, Placed Order metric, campaigns, flows")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<NewClientBody>("application/json");
        return app;
    }

    private static async Task<IResult> TestAsync(HttpRequest request, ClientConnectionTester tester, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var (client, refusal) = await ReadClientAsync(request, input, cancellationToken);
        if (client is null)
        {
            return refusal!;
        }

        return TypedResults.Ok(ConnectionTestResponse.From(await tester.TestAsync(client, cancellationToken)));
    }

    /// <summary>The add-client body, validated field by field (the same rules as <c>POST /api/clients</c>).</summary>
    internal static async Task<(NewClient? Client, IResult? Refusal)> ReadClientAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken)
    {
        var (body, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (body is null)
        {
            return (null, refusal);
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
        return input.HasErrors ? (null, input.Problem()) : (client, null);
    }
}
