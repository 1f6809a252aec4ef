using Backfill.Services.Klaviyo.Sandbox;
using Backfill.Services.Logging;
using Backfill.Services.Storage;
using Backfill.Web.Components;
using Backfill.Web.Endpoints;
using Backfill.Web.Endpoints.Backfill;
using Backfill.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.AddSecretRedaction();
builder.Services.AddDocumentStore(builder.Configuration);
builder.Services.AddKlaviyoSandbox();
builder.Services.AddBackfillEngine();
builder.Services.AddBackfillApi();
builder.Services.AddBackfillUi();

var app = builder.Build();

app.UseBackfillErrorHandling();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapApiReference();
app.MapHealthApi();
app.MapBackfillApi();
app.MapClientsApi();
app.MapKlaviyoSandbox();
app.MapLegacyRedirects();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();
