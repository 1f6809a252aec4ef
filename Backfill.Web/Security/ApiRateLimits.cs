using Microsoft.AspNetCore.RateLimiting;

namespace Backfill.Web.Security;

/// <summary>The rate-limiter policy names API endpoint groups opt into with <c>RequireRateLimiting</c>.</summary>
public static class ApiRateLimits
{
    /// <summary>
    /// Per caller (user, else client IP), with separate budgets for reads and for commands (see
    /// <see cref="ApiRateLimitOptions"/>). One policy for a whole group, since groups mix GETs and POSTs.
    /// </summary>
    public const string PerCaller = "api-per-caller";
}

public static class ApiRateLimitingExtensions
{
    /// <summary>
    /// The rate limiter with the <see cref="ApiRateLimits.PerCaller"/> policy and its options. No global limiter:
    /// only endpoints that ask for the policy are limited, so Blazor's circuit, health probes and the in-app Klaviyo
    /// sandbox (which the backfill engine itself calls) never are.
    /// </summary>
    /// <remarks>
    /// Call <c>app.UseRateLimiter()</c> after <c>UseAuthentication</c>/<c>UseAuthorization</c>, so partitions see the
    /// signed-in user, and after <c>UseForwardedHeaders</c>, so anonymous partitions see the client's address rather
    /// than the proxy's.
    /// </remarks>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>()
            .BindConfiguration(ApiRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy<ApiCaller, ApiRateLimitPolicy>(ApiRateLimits.PerCaller);
        });
        return services;
    }
}
