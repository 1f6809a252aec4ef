using System.ComponentModel.DataAnnotations;

namespace Backfill.Web.Security;

/// <summary>Transport-level hardening, bound from the <c>Http</c> configuration section.</summary>
public sealed class HttpHardeningOptions
{
    public const string SectionName = "Http";

    /// <summary>
    /// Take the client's scheme and address from <c>X-Forwarded-Proto</c>/<c>X-Forwarded-For</c>. Turn on only behind a
    /// proxy that terminates TLS and sets these headers (Cloud Run, a Google load balancer): without it such a host sees
    /// every request as plain HTTP from the proxy, so HTTPS redirection and HSTS cannot work and every caller shares
    /// one rate-limit partition. Off by default because, exposed directly, the headers are the client's to forge.
    /// </summary>
    /// <remarks>
    /// The proxy's address is not known in advance on Cloud Run, so known proxies and networks are cleared; only the
    /// last hop of each header is read, which is the one the proxy appended, so a client's own forged entries are ignored.
    /// </remarks>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>
    /// The largest request body Kestrel accepts, in bytes (default 1 MiB); larger bodies are refused with 413. The API's
    /// JSON bodies have their own 16 KiB limit; Blazor's circuit traffic is WebSocket messages, which SignalR limits itself.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
