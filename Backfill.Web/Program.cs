using Backfill.Services.Klaviyo.Sandbox;
using Backfill.Services.Storage;
using Backfill.Web.Components;
using Backfill.Web.Endpoints;
using Backfill.Web.Endpoints.Backfill;
using Backfill.Web.Extensions;
using Backfill.Web.Security;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddDocumentStore(builder.Configuration);
builder.Services.AddKlaviyoSandbox();
builder.Services.AddBackfillEngine();
builder.Services.AddBackfillApi();
builder.Services.AddBackfillUi();
builder.Services.AddHttpHardening();
builder.Services.AddApiRateLimiting();

var app = builder.Build();

app.UseHttpHardening();
app.UseBackfillErrorHandling();

// Authentication and authorization go here: the rate limiter partitions by the signed-in user.
app.UseRateLimiter();
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
