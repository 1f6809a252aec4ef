using System.Security.Claims;
using Backfill.Services.Alerts;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Alerts;

/// <summary><c>/api/alerts</c>: the incidents (open and last resolved, per client and kind) and a test alert.</summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // GET /api/alerts
        api.MapGet("/", ListAsync).WithName("ListAlerts").WithSummary("Every incident, open ones first, and which channels are configured");

        // POST /api/alerts/test
        api.MapPost("/test", SendTestAsync).WithName("SendTestAlert")
            .WithSummary("Send a test alert to every configured channel now and say what each did")
            .RequireAuthorization(BackfillPolicies.Operate);
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, AlertIncidentStore incidents, AlertDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var all = ClientScope.Of(user).Filter(await incidents.ListAsync(cancellationToken), i => i.ClientId);
        return TypedResults.Ok(new AlertsResponse(all.Count(i => i.IsOpen), dispatcher.Channels, [.. all.Select(AlertIncidentResponse.From)]));
    }

    private static async Task<IResult> SendTestAsync(HttpContext context, AlertDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (dispatcher.Channels.Count == 0)
        {
            return TypedResults.Problem(
                "No alert channel is configured: set Alerts:Slack:WebhookUrl, Alerts:Email:Host or Alerts:Webhook:Url.",
                statusCode: StatusCodes.Status409Conflict,
                title: "Nothing to send to");
        }

        var results = await dispatcher.SendTestAsync(context.User.Identity?.Name ?? "an operator", cancellationToken);
        return TypedResults.Ok(new TestAlertResponse(
            results.All(r => r.Delivered) ? "delivered" : results.Any(r => r.Delivered) ? "partly_delivered" : "not_delivered",
            [.. results.Select(r => new TestAlertChannelResponse(r.Channel, r.Delivered, r.Error))]));
    }
}
