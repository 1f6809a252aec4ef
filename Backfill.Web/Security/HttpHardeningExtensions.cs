using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

public static class HttpHardeningExtensions
{
    /// <summary>
    /// <see cref="HttpHardeningOptions"/> (section <c>Http</c>): Kestrel's request body limit and, when configured,
    /// trust in a TLS-terminating proxy's forwarded headers.
    /// </summary>
    public static IServiceCollection AddHttpHardening(this IServiceCollection services)
    {
        services.AddOptions<HttpHardeningOptions>()
            .BindConfiguration(HttpHardeningOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpHardeningOptions>>((kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);

        services.AddOptions<ForwardedHeadersOptions>().Configure(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // Cloud Run's front end has no fixed address to list; see HttpHardeningOptions.TrustForwardedHeaders.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
        });
        return services;
    }

    /// <summary>
    /// The transport part of the pipeline, first in it: forwarded headers (when trusted),
    /// <see cref="SecurityHeadersExtensions.UseSecurityHeaders"/>, the <see cref="HostHeaderGuard"/>, then HSTS and HTTPS
    /// redirection outside Development.
    /// </summary>
    /// <remarks>
    /// Forwarded headers come first so every later middleware (redirection, HSTS, rate limiting) sees the client's
    /// scheme and address. HSTS is only sent on HTTPS responses and never for localhost.
    /// </remarks>
    public static WebApplication UseHttpHardening(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpHardeningOptions>>().Value.TrustForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }

        app.UseSecurityHeaders();

        // Before HTTPS redirection, authentication and Blazor, which all build URIs from the Host.
        app.Use(async (context, next) =>
        {
            if (!HostHeaderGuard.IsValid(context.Request.Host))
            {
                await HostHeaderGuard.WriteRefusalAsync(context);
                return;
            }

            await next(context);
        });

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        return app;
    }
}
