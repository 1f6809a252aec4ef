using System.Security.Claims;
using System.Text.Json;
using Backfill.Services.Backfill;
using Backfill.Services.Schedules;
using Backfill.Web.Endpoints.Backfill;
using Backfill.Web.Security;

namespace Backfill.Web.Endpoints.Schedules;

/// <summary><c>/api/schedules</c> and <c>/api/clients/{client_id}/schedule</c>: when each client's refresh or backfill runs by itself.</summary>
public static class ScheduleEndpoints
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/schedules").WithTags("Schedules")
            .RequireAuthorization(BackfillPolicies.View)
            .RequireRateLimiting(ApiRateLimits.PerCaller);

        // GET /api/schedules
        schedules.MapGet("/", ListAsync).WithName("ListSchedules")
            .WithSummary("Each client's schedule with its next run (UTC and local) and last outcome, the default and the global pause");

        // PUT /api/schedules/default {"cron":"0 3 * * *","kind":"refresh","enabled":true}
        schedules.MapPut("/default", SetDefaultAsync).WithName("SetDefaultSchedule")
            .WithSummary("Set the schedule every client without its own follows")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<ScheduleBody>("application/json");

        // PUT /api/schedules/pause {"paused":true}
        schedules.MapPut("/pause", SetPausedAsync).WithName("PauseSchedules")
            .WithSummary("Pause or resume every schedule (times passed while paused are not caught up)")
            .RequireAuthorization(BackfillPolicies.Operate).Accepts<PauseBody>("application/json");

        var client = app.MapGroup("/api/clients/{client_id}/schedule").WithTags("Schedules")
            .RequireAuthorization(BackfillPolicies.Operate)
            .RequireRateLimiting(ApiRateLimits.PerCaller)
            .RequireClientScope();

        // PUT /api/clients/{client_id}/schedule {"cron":"0 3 * * *","kind":"refresh","enabled":true}
        client.MapPut("/", SetClientAsync).WithName("SetClientSchedule")
            .WithSummary("Give a client its own schedule").Accepts<ScheduleBody>("application/json");

        // DELETE /api/clients/{client_id}/schedule
        client.MapDelete("/", ResetClientAsync).WithName("ResetClientSchedule")
            .WithSummary("Remove a client's own schedule: it follows the default again");
        return app;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ScheduleBook book, CancellationToken cancellationToken)
    {
        var snapshot = await book.GetAsync(cancellationToken);
        var clients = ClientScope.Of(user).Filter(await book.ListAsync(cancellationToken), c => c.ClientId);
        var settings = snapshot.Settings;
        return TypedResults.Ok(new SchedulesResponse(
            settings.Paused, settings.PauseChangedAt == DateTimeOffset.MinValue ? null : settings.PauseChangedAt, book.Options.Enabled,
            book.Options.StaggerMinutes, book.Options.FallbackTimeZone, ScheduleResponse.From(settings.Default), [.. clients.Select(ClientScheduleResponse.From)]));
    }

    private static async Task<IResult> SetClientAsync(
        string client_id, HttpContext context, ScheduleBook book, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (coordinator.Board.Find(id) is null)
        {
            return CommandResults.UnknownClient(id);
        }

        var (request, refusal) = await ReadScheduleAsync(context.Request, input, cancellationToken);
        if (request is null)
        {
            return refusal!;
        }

        await book.SetClientScheduleAsync(id, request, context.User.Identity?.Name, cancellationToken);
        return TypedResults.Ok(ClientScheduleResponse.From((await book.FindAsync(id, cancellationToken))!));
    }

    private static async Task<IResult> ResetClientAsync(string client_id, ScheduleBook book, IBackfillCoordinator coordinator, CancellationToken cancellationToken)
    {
        var input = new ApiInput();
        var id = input.ClientId(client_id);
        if (input.HasErrors)
        {
            return input.Problem();
        }

        if (coordinator.Board.Find(id) is null)
        {
            return CommandResults.UnknownClient(id);
        }

        await book.ResetClientScheduleAsync(id, cancellationToken);
        return TypedResults.Ok(ClientScheduleResponse.From((await book.FindAsync(id, cancellationToken))!));
    }

    private static async Task<IResult> SetDefaultAsync(HttpContext context, ScheduleBook book, CancellationToken cancellationToken)
    {
        if (RefuseScoped(context.User) is { } scoped)
        {
            return scoped;
        }

        var input = new ApiInput();
        var (request, refusal) = await ReadScheduleAsync(context.Request, input, cancellationToken);
        if (request is null)
        {
            return refusal!;
        }

        var schedule = await book.SetDefaultAsync(request, context.User.Identity?.Name, cancellationToken);
        return TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    private static async Task<IResult> SetPausedAsync(HttpContext context, ScheduleBook book, CancellationToken cancellationToken)
    {
        if (RefuseScoped(context.User) is { } scoped)
        {
            return scoped;
        }

        var input = new ApiInput();
        var (body, refusal) = await JsonBody.ReadObjectAsync(context.Request, input, cancellationToken);
        if (body is null)
        {
            return refusal!;
        }

        bool? paused;
        using (body)
        {
            paused = JsonBody.Boolean(body.RootElement, "paused", input);
            RefuseUnknownFields(body.RootElement, input, "paused");
        }

        if (paused is null && !input.Errors.ContainsKey("paused"))
        {
            input.Fail("paused", "paused is required: true or false");
        }

        if (input.HasErrors)
        {
            return input.Problem();
        }

        var settings = await book.SetPausedAsync(paused!.Value, context.User.Identity?.Name, cancellationToken);
        return TypedResults.Ok(new PauseBody(settings.Paused));
    }

    /// <summary>The schedule in the body, or the 400/413/415 that refuses it, naming each bad field.</summary>
    private static async Task<(ScheduleRequest? Request, IResult? Refusal)> ReadScheduleAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken)
    {
        var (body, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (body is null)
        {
            return (null, refusal);
        }

        ScheduleRequest schedule;
        using (body)
        {
            var root = body.RootElement;
            schedule = new ScheduleRequest(JsonBody.String(root, "cron", input), JsonBody.String(root, "kind", input), JsonBody.Boolean(root, "enabled", input));
            RefuseUnknownFields(root, input, "cron", "kind", "enabled");
        }

        // A field already refused for its type is not refused again for its value.
        foreach (var (field, messages) in schedule.Validate().Where(e => !input.Errors.ContainsKey(e.Key)))
        {
            foreach (var message in messages)
            {
                input.Fail(field, message);
            }
        }

        return input.HasErrors ? (null, input.Problem()) : (schedule, null);
    }

    // A misspelt field ("enable") would otherwise be ignored silently and the schedule saved without it.
    private static void RefuseUnknownFields(JsonElement root, ApiInput input, params string[] known)
    {
        foreach (var property in root.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            input.Fail(property.Name, $"{property.Name} is not a field of this request (expected {string.Join(", ", known)})");
        }
    }

    /// <summary>The default schedule and the pause reach every client: a caller limited to some clients may not set them.</summary>
    private static IResult? RefuseScoped(ClaimsPrincipal user) => ClientScope.Of(user).IsLimited
        ? CommandResults.Refusal(
            BackfillCommandOutcome.Forbidden, "The default schedule and the global pause apply to every client; a caller limited to some clients cannot set them.", null)
        : null;
}
