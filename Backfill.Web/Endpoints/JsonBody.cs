using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Backfill.Web.Endpoints;

/// <summary>Small, size-limited JSON bodies read by hand so each wrong field is named in the 400.</summary>
internal static class JsonBody
{
    public const long MaxBytes = 16 * 1024;

    /// <summary>The body as a JSON object, or the answer that refuses it: 413 too large, 415 not JSON, 400 malformed.</summary>
    public static Task<(JsonDocument? Body, IResult? Refusal)> ReadObjectAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, input, MaxBytes, cancellationToken);

    /// <summary>As above with a larger limit, for the few bodies that list many clients (bulk commands).</summary>
    public static async Task<(JsonDocument? Body, IResult? Refusal)> ReadObjectAsync(HttpRequest request, ApiInput input, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        // Only JSON is read as JSON: a form or text/plain post (which a browser sends cross-site without asking) is refused.
        if (!request.HasJsonContentType())
        {
            return (null, NotJson());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        JsonDocument document;
        try
        {
            // A repeated key is refused like a repeated query parameter, rather than silently taking one of the values.
            document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            input.Fail("body", "the body is not valid JSON (or repeats a key)");
            return (null, input.Problem());
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            input.Fail("body", "the body must be a JSON object");
            return (null, input.Problem());
        }

        return (document, null);
    }

    /// <summary>The 415 for a body not sent as JSON; the sandbox's control routes answer it too.</summary>
    public static ProblemHttpResult NotJson() =>
        TypedResults.Problem("The body must be JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem($"The body is larger than {maxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");

    public static string? String(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                // The parser accepts a lone surrogate escape or invalid UTF-8 inside a string; only decoding it fails.
                input.Fail(name, $"{name} must be valid Unicode text");
                return null;
            }
        }

        input.Fail(name, $"{name} must be a string");
        return null;
    }

    public static int? Integer(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        input.Fail(name, $"{name} must be a whole number");
        return null;
    }

    public static bool? Boolean(JsonElement root, string name, ApiInput input)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        input.Fail(name, $"{name} must be true or false");
        return null;
    }
}
