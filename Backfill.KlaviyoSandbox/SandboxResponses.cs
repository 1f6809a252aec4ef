using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Backfill.KlaviyoSandbox;

/// <summary>Builds the sandbox's responses: JSON:API documents, Klaviyo error bodies, the Cloudflare HTML page.</summary>
internal static class SandboxResponses
{
    public const string JsonApi = "application/vnd.api+json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Streams the document straight into the response pipe: event pages are megabytes, and buffering them
    /// would put every page on the large-object heap.
    /// </summary>
    public static IResult Json(Action<Utf8JsonWriter> write, int status = StatusCodes.Status200OK) => new JsonResult(write, status);

    public static IResult Error(int status, string code, string title, string detail, string? parameter, string? pointer, string idSource) =>
        Json(
            w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("errors");
                w.WriteStartObject();
                w.WriteString("id", SandboxIds.Uuid4(SandboxRandom.HashString(idSource + "|" + detail)));
                w.WriteNumber("status", status);
                w.WriteString("code", code);
                w.WriteString("title", title);
                w.WriteString("detail", detail);
                w.WriteStartObject("source");
                if (parameter is not null)
                {
                    w.WriteString("parameter", parameter);
                }
                else
                {
                    w.WriteString("pointer", pointer ?? "/data/");
                }
                w.WriteEndObject();
                if (status == StatusCodes.Status429TooManyRequests)
                {
                    w.WriteStartObject("links");
                    w.WriteString("type", "https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits");
                    w.WriteEndObject();
                }
                w.WriteStartObject("meta");
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            },
            status);

    public static IResult Error(SandboxApiException error, HttpContext http) =>
        Error(error.Status, error.Code, error.Title, error.Message, error.Parameter, error.Pointer, http.Request.Path + http.Request.QueryString);

    public static IResult Throttled(HttpContext http, int retryAfterSeconds)
    {
        http.Response.Headers["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var unit = retryAfterSeconds == 1 ? "second" : "seconds";
        return Error(
            StatusCodes.Status429TooManyRequests,
            "throttled",
            "Request was throttled.",
            string.Create(CultureInfo.InvariantCulture, $"Request was throttled. Expected available in {retryAfterSeconds} {unit}."),
            null,
            "/data/",
            http.Request.Path + http.TraceIdentifier);
    }

    public static IResult CloudflareChallenge(HttpContext http)
    {
        http.Response.Headers["cf-mitigated"] = "challenge";
        const string Html = "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title></head>"
            + "<body><h1>Checking your browser before accessing a.klaviyo.com.</h1>"
            + "<p>This process is automatic. Your browser will redirect to your requested content shortly.</p></body></html>";
        return new BytesResult(Encoding.UTF8.GetBytes(Html), "text/html; charset=UTF-8", StatusCodes.Status403Forbidden);
    }

    private sealed class JsonResult(Action<Utf8JsonWriter> write, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = JsonApi;
            var body = httpContext.Response.BodyWriter;
            using (var writer = new Utf8JsonWriter(body, WriterOptions))
            {
                write(writer);
            }
            await body.FlushAsync(httpContext.RequestAborted);
        }
    }

    /// <summary>Writes bytes as-is so the content type is exactly what Klaviyo sends (no charset suffix added).</summary>
    private sealed class BytesResult(ReadOnlyMemory<byte> body, string contentType, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
