using Backfill.Services.Klaviyo.Client;
using Backfill.Services.Klaviyo.RateLimiting;
using Backfill.Services.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.RateLimiting;

namespace Backfill.Services.Klaviyo;

public static class KlaviyoServiceCollectionExtensions
{
    /// <summary>Name of the shared HttpClient (and its resilience pipeline) behind every Klaviyo client.</summary>
    public const string HttpClientName = "Klaviyo";

    /// <summary>
    /// Registers <see cref="IKlaviyoClientFactory"/>, the process-wide <see cref="KlaviyoRateLimiter"/> and the HTTP
    /// pipeline: total timeout → retry (honours Retry-After) → proactive rate limiter → attempt timeout →
    /// body reader (the body is part of the attempt) → response observer (counts, reads RateLimit-* headers).
    /// </summary>
    public static IServiceCollection AddKlaviyoClient(this IServiceCollection services)
    {
        services.AddOptions<KlaviyoOptions>()
            .BindConfiguration(KlaviyoOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KlaviyoRateLimiter>();
        services.AddBackfillMetrics();
        services.TryAddSingleton<IKlaviyoClientFactory, KlaviyoClientFactory>();
        services.TryAddTransient<KlaviyoBodyReader>();
        services.TryAddTransient<KlaviyoResponseObserver>();

        var http = services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(["Authorization"]);
        http.AddResilienceHandler("klaviyo", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<KlaviyoOptions>>().Value;
                var limiter = context.ServiceProvider.GetRequiredService<KlaviyoRateLimiter>();
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                ConfigurePipeline(pipeline, options, limiter, time);
            });

        // Added after the resilience handler, so they run inside the retry loop: each attempt reads its own body
        // under the attempt timeout, and the observer sees every attempt.
        http.AddHttpMessageHandler<KlaviyoBodyReader>();
        http.AddHttpMessageHandler<KlaviyoResponseObserver>();
        return services;
    }

    private static void ConfigurePipeline(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, KlaviyoOptions options, KlaviyoRateLimiter limiter, TimeProvider time)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.Retry.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                UseJitter = options.Retry.UseJitter,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    KlaviyoRetryPredicate.ShouldRetry(args.Outcome, options.MaxRateLimitWait, time.GetUtcNow(), args.Context.CancellationToken.IsCancellationRequested)),
            });
        }

        pipeline.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args =>
            {
                var info = KlaviyoRequestInfo.Of(args.Context.GetRequestMessage());
                return info is null
                    ? ValueTask.FromResult<System.Threading.RateLimiting.RateLimitLease>(AlwaysLease.Instance)
                    : limiter.AcquireAsync(info.AccountPartition, info.Bucket, args.Context.CancellationToken);
            },
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }

    private sealed class AlwaysLease : System.Threading.RateLimiting.RateLimitLease
    {
        public static readonly AlwaysLease Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
