using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Backfilling.Cancellation;

/// <summary>
/// A stand-in on 127.0.0.1 in front of the real Firestore emulator: every request is passed through, except that
/// while <see cref="Exhausted"/> is on, bulk writes (<c>:batchWrite</c>) are answered 429 RESOURCE_EXHAUSTED, as
/// production Firestore does under load. The emulator itself cannot be made to answer that, hence the stand-in.
/// </summary>
internal sealed class ResourceExhaustedFirestoreProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _emulator;
    private int _refused;

    private ResourceExhaustedFirestoreProxy(WebApplication app, string emulatorHost)
    {
        _app = app;
        _emulator = new HttpClient { BaseAddress = new Uri($"http://{emulatorHost}/") };
        app.Run(HandleAsync);
    }

    /// <summary><c>127.0.0.1:{port}</c>, the value for <c>Firestore:EmulatorHost</c>.</summary>
    public string Host { get; private set; } = "";

    /// <summary>While true, every bulk write request is refused with RESOURCE_EXHAUSTED.</summary>
    public volatile bool Exhausted;

    /// <summary>Bulk write requests refused so far.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<ResourceExhaustedFirestoreProxy> StartAsync(string emulatorHost)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var proxy = new ResourceExhaustedFirestoreProxy(builder.Build(), emulatorHost);
        await proxy._app.StartAsync(TestContext.Current.CancellationToken);
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Host = new Uri(address).Authority;
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _emulator.Dispose();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var target = (http.Request.Path.Value ?? "/").TrimStart('/') + http.Request.QueryString.Value;
        if (Exhausted && target.Contains(":batchWrite", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _refused);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(
                """{"error":{"code":429,"message":"Quota exceeded (stand-in).","status":"RESOURCE_EXHAUSTED"}}""", http.RequestAborted);
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), target);
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
            if (http.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var header in http.Request.Headers.Where(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        try
        {
            using var response = await _emulator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                http.Response.ContentType = type.ToString();
            }

            await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (a cancelled run): nothing to answer.
        }
    }
}
