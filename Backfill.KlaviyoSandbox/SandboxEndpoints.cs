using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.KlaviyoSandbox;

/// <summary>Maps the Klaviyo imitation under <c>/sandbox/klaviyo</c>.</summary>
public static class SandboxEndpoints
{
    /// <summary>Route prefix; the sandbox's base address is <c>{host}/sandbox/klaviyo/</c>.</summary>
    public const string Prefix = "/sandbox/klaviyo";

    /// <summary>Maps the sandbox's <c>/api/...</c> routes (and the fault and change control endpoints when enabled);
    /// maps nothing when <see cref="SandboxOptions.Enabled"/> is false.</summary>
    public static IEndpointRouteBuilder MapKlaviyoSandbox(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SandboxOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }
        // Klaviyo's own scheme (Klaviyo-API-Key) guards it; the app's sign-in does not apply, the engine calls it.
        var root = app.MapGroup(Prefix).ExcludeFromDescription().AllowAnonymous();
        var api = root.MapGroup("/api").AddEndpointFilter<SandboxGate>();

        // GET /api/accounts
        api.MapGet("/accounts", SandboxResourceEndpoints.GetAccounts).WithMetadata(new SandboxBucket("accounts"));
        // GET /api/metrics
        api.MapGet("/metrics", SandboxResourceEndpoints.GetMetrics).WithMetadata(new SandboxBucket("metrics"));
        // GET /api/campaigns
        api.MapGet("/campaigns", SandboxCampaignEndpoints.GetCampaigns).WithMetadata(new SandboxBucket("campaigns"));
        // GET /api/flows
        api.MapGet("/flows", SandboxFlowEndpoints.GetFlows).WithMetadata(new SandboxBucket("flows"));
        // GET /api/events
        api.MapGet("/events", SandboxEventEndpoints.GetEvents).WithMetadata(new SandboxBucket("events"));
        // POST /api/metric-aggregates
        api.MapPost("/metric-aggregates", (Delegate)SandboxAggregateEndpoints.QueryAsync).WithMetadata(new SandboxBucket("metric-aggregates"));
        // POST /api/campaign-values-reports
        api.MapPost("/campaign-values-reports", SandboxReportEndpoints.CampaignValuesAsync).WithMetadata(new SandboxBucket("campaign-values-reports"));
        // POST /api/flow-values-reports
        api.MapPost("/flow-values-reports", SandboxReportEndpoints.FlowValuesAsync).WithMetadata(new SandboxBucket("flow-values-reports"));
        // POST /api/flow-series-reports
        api.MapPost("/flow-series-reports", SandboxReportEndpoints.FlowSeriesAsync).WithMetadata(new SandboxBucket("flow-series-reports"));
        // Anything else under /api: 405 for a known path with the wrong method, otherwise Klaviyo's 404.
        api.Map("/{**rest}", Unmatched);

        if (options.EnableControlEndpoint)
        {
            // POST /_control/faults
            root.MapPost("/_control/faults", (Delegate)SandboxControlEndpoints.SetFaults);
            // DELETE /_control/faults
            root.MapDelete("/_control/faults", SandboxControlEndpoints.ResetFaults);
            // POST /_control/changes
            root.MapPost("/_control/changes", SandboxChangeEndpoints.ApplyAsync);
            // DELETE /_control/changes?account=
            root.MapDelete("/_control/changes", SandboxChangeEndpoints.Undo);
        }
        return app;
    }

    private static readonly string[] KnownPaths =
    [
        "accounts", "metrics", "campaigns", "flows", "events", "metric-aggregates", "campaign-values-reports",
        "flow-values-reports", "flow-series-reports",
    ];

    private static IResult Unmatched(HttpContext http, string? rest)
    {
        var path = (rest ?? string.Empty).Trim('/');
        if (KnownPaths.Contains(path, StringComparer.Ordinal))
        {
            throw new SandboxApiException(405, "method_not_allowed", "Method not allowed.",
                string.Concat("Method \"", http.Request.Method, "\" not allowed."));
        }
        throw new SandboxApiException(404, "not_found", "Not found.", "The requested resource was not found.");
    }
}
