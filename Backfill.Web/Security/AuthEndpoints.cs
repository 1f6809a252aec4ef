using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Backfill.Web.Security;

/// <summary>
/// <c>/auth/…</c>: sign in, sign out (a form post with an antiforgery token) and the page that says why someone was
/// not let in. Plain server-rendered HTML: it must work for people the dashboard itself refuses.
/// </summary>
public static class AuthEndpoints
{
    public const string DeniedPath = "/auth/denied";

    /// <summary>Reason code: signed in with Google, but not on the allow lists (or the e-mail is not verified).</summary>
    public const string NotAllowed = "not-allowed";

    /// <summary>Reason code: the sign-in did not complete (expired, cancelled, provider error).</summary>
    public const string SignInFailed = "sign-in-failed";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").AllowAnonymous().ExcludeFromDescription();
        auth.MapGet("/signin", (AccessMode mode) => mode.GoogleSignIn
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme])
            : Results.Redirect("/"));
        auth.MapGet("/signout", SignOutForm);
        auth.MapPost("/signout", SignOutAsync);
        auth.MapGet("/denied", Denied);
        return app;
    }

    private static IResult SignOutForm(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var who = context.User.Identity?.Name ?? "you";
        return Page("Sign out", $"""
            <p>Signed in as {Encode(who)}.</p>
            <form method="post" action="/auth/signout">
              <input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken ?? "")}" />
              <button type="submit">Sign out</button> <a href="/">Back to the dashboard</a>
            </form>
            """);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, AccessMode mode)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.Problem("The sign-out form has expired; open /auth/signout again.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid form");
        }

        if (mode.GoogleSignIn)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        return Page("Signed out", """<p>You are signed out. <a href="/auth/signin">Sign in again</a></p>""");
    }

    private static IResult Denied(string? reason) =>
        Page("Not allowed", $"""
            <p>{(reason == SignInFailed
                ? "The sign-in did not complete (it may have expired or been cancelled). Try again."
                : "Your Google account is not allowed to use this dashboard.")}</p>
            <p>Ask the administrator to add your e-mail address or domain to <code>Auth:Google:AllowedEmails</code> or
            <code>AllowedDomains</code> (viewers) or <code>OperatorEmails</code> (operators).</p>
            <p><a href="/auth/signin">Sign in with another account</a></p>
            """, StatusCodes.Status403Forbidden);

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content(
            $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Encode(title)} · Klaviyo Backfill</title></head>
            <body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto;">
            <h1>{Encode(title)}</h1>
            {body}
            </body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: status);

    private static string Encode(string text) => HtmlEncoder.Default.Encode(text);
}
