using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Backfill.Benchmarks;

/// <summary>
/// <c>fleet-sandbox --count N --seed S --large L</c>: the Klaviyo sandbox alone in its own process (so its CPU is
/// measured apart from the engine's), with N generated accounts and Klaviyo's real rate limits. It prints
/// <c>FLEET-SANDBOX-URL {base}</c>, counts what each key was answered (<c>GET /_fleet/counts</c>: served and 429 per
/// key), and stops when its standard input closes.
/// </summary>
internal static class FleetSandboxProcess
{
    public static Task<int> RunAsync(string[] args)
    {
        var served = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var throttled = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        return SandboxChildHost.RunAsync(
            "FLEET-SANDBOX-URL ",
            o =>
            {
                o.GeneratedAccounts.Count = FleetArgs.Int(args, "--count", 12);
                o.GeneratedAccounts.Seed = FleetArgs.Int(args, "--seed", 16);
                o.GeneratedAccounts.LargeCount = FleetArgs.Int(args, "--large", 2);
            },
            app =>
            {
                app.Use(async (context, next) =>
                {
                    await next(context);
                    const string Scheme = "Klaviyo-API-Key ";
                    var header = context.Request.Headers.Authorization.ToString();
                    if (header.StartsWith(Scheme, StringComparison.Ordinal) && context.Request.Path.Value?.Contains("/api/", StringComparison.Ordinal) == true)
                    {
                        var counts = context.Response.StatusCode == StatusCodes.Status429TooManyRequests ? throttled : served;
                        counts.AddOrUpdate(header[Scheme.Length..].Trim(), 1, (_, n) => n + 1);
                    }
                });
                app.MapGet("/_fleet/counts", () => Results.Json(served.Keys.Union(throttled.Keys).ToDictionary(
                    k => k, k => new[] { served.GetValueOrDefault(k), throttled.GetValueOrDefault(k) })));
            });
    }
}

/// <summary>Reading <c>--name value</c> options.</summary>
internal static class FleetArgs
{
    public static string? String(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
