using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backfill.Web.Extensions;

public static class ApiServiceCollectionExtensions
{
    /// <summary>JSON, error and OpenAPI conventions shared by every HTTP API of the app.</summary>
    public static IServiceCollection AddBackfillApi(this IServiceCollection services)
    {
        // RFC 7807 bodies for unhandled exceptions and bare error status codes on API routes.
        services.AddProblemDetails();

        // The API speaks snake_case (latency_ms), enums included, and numbers are numbers, never strings.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Klaviyo Backfill API";
            return Task.CompletedTask;
        }));
        return services;
    }
}
