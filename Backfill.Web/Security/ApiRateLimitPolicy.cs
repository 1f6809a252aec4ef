using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

/// <summary>Who is asking, and whether it is a read or a command: each pair has its own fixed window.</summary>
internal readonly record struct ApiCaller(string Caller, bool Command);

/// <summary>
/// <see cref="ApiRateLimits.PerCaller"/>: a fixed window per caller and kind of request, rejected immediately (no
/// queue, so a flood holds no server resources) with a 429 problem and <c>Retry-After</c>.
/// </summary>
internal sealed class ApiRateLimitPolicy(IOptions<ApiRateLimitOptions> options) : IRateLimiterPolicy<ApiCaller>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<ApiCaller> GetPartition(HttpContext httpContext)
    {
        var limits = options.Value;
        var command = !(HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method) || HttpMethods.IsOptions(httpContext.Request.Method));
        var permits = command ? limits.CommandPermitLimit : limits.ReadPermitLimit;
        return RateLimitPartition.GetFixedWindowLimiter(new ApiCaller(CallerOf(httpContext), command), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.Window,
            QueueLimit = 0,
        });
    }

    private static string CallerOf(HttpContext httpContext)
    {
        var user = httpContext.User.Identity;
        if (user is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return "user:" + name;
        }

        // Behind a trusted proxy UseForwardedHeaders has already put the client's address here.
        return "ip:" + (httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        string? detail = null;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            detail = string.Create(CultureInfo.InvariantCulture, $"Too many requests from this caller; retry after {seconds} s.");
        }

        await TypedResults.Problem(detail ?? "Too many requests from this caller.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests")
            .ExecuteAsync(context.HttpContext);
    }
}
