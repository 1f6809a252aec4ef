using Backfill.Services.Backfill;
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

        // POST /api/clients/import?dry_run=true (text/csv body: id,name,klaviyo_secret_name[,placed_order_metric_id])
        api.MapPost("/import", ImportAsync).WithName("ImportClients")
            .WithSummary("Check (dry_run=true, the default) or import clients from a CSV; every row is validated and connection-tested")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<string>("text/csv");
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

    /// <summary>Largest CSV accepted: 2,000 rows of generous length.</summary>
    private const int MaxCsvBytes = 1024 * 1024;

    private static async Task<IResult> ImportAsync(HttpRequest request, ClientImporter importer, CancellationToken cancellationToken)
    {
        // Import registers many clients and reports duplicates against every registered one: agency-wide, never scoped.
        if (ClientScope.Of(request.HttpContext.User).IsLimited)
        {
            return CommandResults.Refusal(
                BackfillCommandOutcome.Forbidden, "Importing clients is for callers not limited to some clients.", null);
        }

        var input = new ApiInput();
        var dryRun = input.Boolean(input.Query(request, "dry_run"), "dry_run") ?? true;
        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (request.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem("The body must be CSV (Content-Type: text/csv).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        if (request.ContentLength > MaxCsvBytes)
        {
            return TooLarge();
        }

        string csv;
        using (var reader = new StreamReader(request.Body, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            var buffer = new char[MaxCsvBytes + 1];
            var length = 0;
            int read;
            try
            {
                while ((read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                {
                    length += read;
                    if (length > MaxCsvBytes)
                    {
                        return TooLarge();
                    }
                }
            }
            catch (System.Text.DecoderFallbackException)
            {
                input.Fail("file", "the file must be UTF-8 text");
                return input.Problem();
            }

            csv = new string(buffer, 0, length);
        }

        try
        {
            return TypedResults.Ok(ClientImportResponse.From(await importer.ImportAsync(csv, dryRun, cancellationToken)));
        }
        catch (ClientImportFileException e)
        {
            input.Fail("file", e.Message);
            return input.Problem();
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"The file is larger than {MaxCsvBytes / 1024} KiB; import it in parts.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");

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
