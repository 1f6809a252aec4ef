using Backfill.KlaviyoSandbox;
using Backfill.Services.Alerts;
using Backfill.Services.Logging;
using Backfill.Services.Schedules;
using Backfill.Services.Storage;
using Backfill.Web.Components;
using Backfill.Web.Endpoints;
using Backfill.Web.Endpoints.Alerts;
using Backfill.Web.Endpoints.Backfill;
using Backfill.Web.Endpoints.Schedules;
using Backfill.Web.Endpoints.Quota;
using Backfill.Web.Extensions;
using Backfill.Web.Security;
using Backfill.Web.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.AddSecretRedaction();
builder.Services.AddDocumentStore(builder.Configuration);
builder.Services.AddKlaviyoSandbox();
builder.Services.AddBackfillEngine();
builder.Services.AddAlerts();
builder.Services.AddSchedules();
builder.Services.AddBackfillApi();
builder.Services.AddBackfillAuth(builder.Configuration, builder.Environment);
builder.Services.AddBackfillUi();
builder.Services.AddHttpHardening();
builder.Services.AddApiRateLimiting();
builder.Services.AddBackfillTelemetry(builder.Configuration);

var app = builder.Build();

if (app.RefuseOpenLocalMode() is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}

app.UseHttpHardening();
app.UseBackfillErrorHandling();
app.UseBackfillAuth();

// After authentication: the rate limiter partitions by the signed-in user.
app.UseRateLimiter();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapApiReference();
app.MapHealthApi();
app.MapMetricsEndpoint();
app.MapAuthEndpoints();
app.MapBackfillApi();
app.MapBulkApi();
app.MapRangeApi();
app.MapRunsApi();
app.MapValidationApi();
app.MapExportApi();
app.MapClientsApi();
app.MapClientOnboardingApi();
app.MapAlertsApi();
app.MapSchedulesApi();
app.MapQuotaApi();
app.MapKlaviyoSandbox();
app.MapLegacyRedirects();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

await app.RunAsync();

// Non-zero when the app stopped itself, e.g. local mode found bound to a non-loopback address.
return Environment.ExitCode;
