using System.Security.Claims;

namespace Backfill.Web.Security;

/// <summary>How a refusal reads, for the API (problem details) and the dashboard (a sentence).</summary>
internal static class AccessProblems
{
    public static string RoleOf(ClaimsPrincipal user) =>
        user.IsInRole(BackfillRoles.Operator) ? BackfillRoles.Operator
        : user.IsInRole(BackfillRoles.Viewer) ? BackfillRoles.Viewer
        : "no role";

    public static string NotAllowed(ClaimsPrincipal user, string action) =>
        $"Your role ({RoleOf(user)}) may not {action}: that needs the {BackfillRoles.Operator} role. Ask an administrator to add you to the operators.";

    public static Task WriteForbiddenAsync(HttpContext context) =>
        TypedResults.Problem(
            NotAllowed(context.User, $"{context.Request.Method} {context.Request.Path}"),
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed for your role").ExecuteAsync(context);

    public static Task WriteUnauthorizedAsync(HttpContext context, string detail = "Sign in to the dashboard, or send an API key as 'Authorization: Bearer <key>'.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required").ExecuteAsync(context);

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");
}
