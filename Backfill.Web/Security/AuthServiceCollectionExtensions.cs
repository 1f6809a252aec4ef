using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Backfill.Web.Security;

public static class AuthServiceCollectionExtensions
{
    /// <summary>Forwards to the API-key or cookie scheme by what the request carries.</summary>
    private const string SelectorScheme = "Backfill";

    /// <summary>
    /// Authentication and the two role policies. Local mode (nothing under <c>Auth</c>) signs everyone in as a local
    /// operator; otherwise API keys (bearer) and Google sign-in (cookie + OpenID Connect) are the only ways in. The
    /// fallback policy makes every endpoint without its own rule require the viewer role, so a route added later is
    /// closed by default.
    /// </summary>
    public static IServiceCollection AddBackfillAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, ClientAccessValidator>();
        services.AddSingleton<ApiKeyDirectory>();

        // Which schemes exist depends on the settings, so they are read here, while services are registered; the same
        // section is validated on start (AuthOptionsValidator) before anyone can sign in.
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var mode = new AccessMode(IsLocal: !options.IsConfigured, GoogleSignIn: options.Google.IsConfigured);
        services.AddSingleton(mode);
        services.AddSingleton(new DashboardAccess(options.Google));

        var view = new AuthorizationPolicyBuilder().RequireRole(BackfillRoles.Viewer, BackfillRoles.Operator).Build();
        services.AddAuthorizationBuilder()
            .AddPolicy(BackfillPolicies.View, view)
            .AddPolicy(BackfillPolicies.Operate, policy => policy.RequireRole(BackfillRoles.Operator))
            .SetFallbackPolicy(view);
        services.AddCascadingAuthenticationState();
        services.AddScoped<GuardedBackfillCommands>();
        services.AddScoped<GuardedBulkCommands>();
        services.AddScoped<GuardedOnboardingCommands>();
        services.AddScoped<GuardedAlertCommands>();
        services.AddScoped<ClientAccess>();

        if (mode.IsLocal)
        {
            services.AddAuthentication(LocalAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, LocalAuthenticationHandler>(LocalAuthenticationHandler.SchemeName, null);
            return services;
        }

        var authentication = services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, null, selector => selector.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.HasBearerToken(context.Request) || !mode.GoogleSignIn
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (mode.GoogleSignIn)
        {
            // Outside Development the browser always talks HTTPS (directly or through a TLS-terminating proxy), so the
            // cookies are Secure even when the proxy's plain-HTTP hop is all the app sees.
            var secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            AddGoogleSignIn(authentication, options.Google, secure);
        }

        return services;
    }

    private static void AddGoogleSignIn(AuthenticationBuilder authentication, GoogleSignInOptions google, CookieSecurePolicy secure)
    {
        authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.Cookie.Name = "backfill.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.AccessDeniedPath = AuthEndpoints.DeniedPath;
            cookie.ForwardChallenge = OpenIdConnectDefaults.AuthenticationScheme;
            cookie.Events.OnValidatePrincipal = RecheckRoleAsync;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                if (AccessProblems.IsApiRequest(context.Request))
                {
                    return AccessProblems.WriteForbiddenAsync(context.HttpContext);
                }

                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });

        authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
        {
            oidc.Authority = google.Authority;
            oidc.RequireHttpsMetadata = google.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            oidc.ClientId = google.ClientId;
            oidc.ClientSecret = google.ClientSecret;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;

            // The code comes back on a top-level GET, so the correlation and nonce cookies can be Lax.
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = secure;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = secure;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("email");
            oidc.Scope.Add("profile");
            oidc.CallbackPath = "/signin-oidc";
            oidc.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;

            // Only the ID token's claims are needed; no tokens are kept in the cookie.
            oidc.SaveTokens = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.MapInboundClaims = false;
            oidc.TokenValidationParameters.NameClaimType = "email";
            oidc.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
            oidc.Events.OnRedirectToIdentityProvider = context =>
            {
                // Scripts calling the API get a 401 problem, not a redirect to Google's sign-in page.
                if (AccessProblems.IsApiRequest(context.Request))
                {
                    context.HandleResponse();
                    return AccessProblems.WriteUnauthorizedAsync(context.HttpContext);
                }

                return Task.CompletedTask;
            };
            oidc.Events.OnTokenValidated = context =>
            {
                var access = context.HttpContext.RequestServices.GetRequiredService<DashboardAccess>();
                if (context.Principal?.Identity is not ClaimsIdentity identity || access.RoleFor(context.Principal) is not { } role)
                {
                    context.Fail(AuthEndpoints.NotAllowed);
                    return Task.CompletedTask;
                }

                foreach (var claim in BackfillRoles.Claims(role))
                {
                    identity.AddClaim(new Claim(ClaimTypes.Role, claim));
                }

                identity.AddClaims(ClientScope.Claims(access.ClientsFor(context.Principal)));
                return Task.CompletedTask;
            };
            oidc.Events.OnRemoteFailure = context =>
            {
                // A code, not text: the page must not display whatever a link says, and e-mails stay out of URLs and logs.
                context.HandleResponse();
                var reason = context.Failure?.Message == AuthEndpoints.NotAllowed ? AuthEndpoints.NotAllowed : AuthEndpoints.SignInFailed;
                context.Response.Redirect($"{AuthEndpoints.DeniedPath}?reason={reason}");
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// A session carries the role and clients it was given at sign-in; the allow lists and client access may have changed
    /// since (an operator removed, the app restarted with new settings), so each request decides again and ends or
    /// narrows the session.
    /// </summary>
    private static async Task RecheckRoleAsync(CookieValidatePrincipalContext context)
    {
        var access = context.HttpContext.RequestServices.GetRequiredService<DashboardAccess>();
        if (context.Principal?.Identity is not ClaimsIdentity identity || access.RoleFor(context.Principal) is not { } role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        var granted = BackfillRoles.Claims(role);
        var held = identity.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        var clients = ClientScope.Claims(access.ClientsFor(context.Principal));
        var heldClients = identity.FindAll(ClientScope.ClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (held.SequenceEqual(granted.Order(StringComparer.Ordinal))
            && heldClients.SequenceEqual(clients.Select(c => c.Value).Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return;
        }

        var updated = new ClaimsIdentity(
            identity.Claims.Where(c => c.Type != ClaimTypes.Role && c.Type != ClientScope.ClaimType), identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
        updated.AddClaims(granted.Select(r => new Claim(ClaimTypes.Role, r)));
        updated.AddClaims(clients);
        context.ReplacePrincipal(new ClaimsPrincipal(updated));
        context.ShouldRenew = true;
    }

    /// <summary>
    /// The cross-site check, the sandbox control routes' JSON-only rule, authentication, the local-mode peer check and
    /// authorization, in that order. Call after error handling and before antiforgery and the rate limiter (both read
    /// the signed-in user).
    /// </summary>
    public static WebApplication UseBackfillAuth(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<AccessMode>();
        app.Use(async (context, next) =>
        {
            if (CrossSiteRequestGuard.IsRefused(context.Request))
            {
                await CrossSiteRequestGuard.WriteRefusalAsync(context);
                return;
            }

            if (SandboxControlBodyGuard.IsRefused(context))
            {
                await SandboxControlBodyGuard.WriteRefusalAsync(context);
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        if (mode.IsLocal)
        {
            app.Use(async (context, next) =>
            {
                if (!LocalModeGuard.IsLocalRequest(context))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsync("Local mode serves this machine only. " + LocalModeGuard.HowToConfigure);
                    return;
                }

                await next(context);
            });
        }

        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Local mode must not listen beyond loopback: null when the configured URLs are safe, else the reason to refuse.
    /// Also stops the app if the addresses it actually bound turn out not to be loopback.
    /// </summary>
    public static string? RefuseOpenLocalMode(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<AccessMode>().IsLocal)
        {
            return null;
        }

        if (LocalModeGuard.CheckConfiguredUrls(app.Configuration) is { } refusal)
        {
            return refusal;
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (LocalModeGuard.CheckBoundAddresses(app.Services.GetRequiredService<IServer>()) is { } bound)
            {
                app.Logger.LogCritical("{Refusal}", bound);
                Environment.ExitCode = 2;
                app.Lifetime.StopApplication();
            }
        });
        return null;
    }
}
