using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// Plays Google's OpenID provider on 127.0.0.1, because accounts.google.com cannot be reached from this machine: discovery,
/// JWKS, an authorization endpoint that signs in whoever <see cref="NextUser"/> names without a login page, and a token
/// endpoint that checks the client secret and PKCE verifier before issuing an RS256 ID token with the nonce it was given.
/// The app's own OpenID Connect handler does every validation against it, as it would against Google.
/// </summary>
public sealed class OpenIdProviderStandIn : IAsyncDisposable
{
    public const string ClientId = "backfill-test.apps.googleusercontent.com";

    public const string ClientSecret = "stand-in-client-secret";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new();
    private WebApplication _app = null!;

    private OpenIdProviderStandIn()
    {
    }

    /// <summary>Who the next authorization signs in (e-mail, whether Google verified it, Workspace domain).</summary>
    public (string Email, bool Verified, string? HostedDomain) NextUser { get; set; } = ("ana@agency.example", true, "agency.example");

    public string Issuer { get; private set; } = "";

    public int TokenRequests => _tokenRequests;

    private int _tokenRequests;

    public static async Task<OpenIdProviderStandIn> StartAsync()
    {
        var standIn = new OpenIdProviderStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        standIn._app = app;
        standIn.Map(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        standIn.Issuer = address.TrimEnd('/');
        return standIn;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));

        app.MapGet("/jwks", () =>
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", alg = "RS256", kid = "stand-in", n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
                },
            });
        });

        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("unexpected authorization request");
            }

            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _grants[code] = new Grant(NextUser.Email, NextUser.Verified, NextUser.HostedDomain, query["nonce"].ToString(), query["code_challenge"].ToString(), query["redirect_uri"].ToString());
            var separator = query["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
            return Results.Redirect($"{query["redirect_uri"]}{separator}code={code}&state={Uri.EscapeDataString(query["state"].ToString())}");
        });

        app.MapPost("/token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            var form = await request.ReadFormAsync();
            var (clientId, clientSecret) = ClientCredentials(request, form);
            if (clientId != ClientId || clientSecret != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant)
                || grant.RedirectUri != form["redirect_uri"] || Challenge(form["code_verifier"].ToString()) != grant.CodeChallenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            return Results.Json(new { access_token = "stand-in-access-token", token_type = "Bearer", expires_in = 3600, id_token = IdToken(grant) });
        });
    }

    private string IdToken(Grant grant)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "sub-" + grant.Email,
            ["email"] = grant.Email,
            ["email_verified"] = grant.Verified,
            ["nonce"] = grant.Nonce,
        };
        if (grant.HostedDomain is not null)
        {
            claims["hd"] = grant.HostedDomain;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "stand-in" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed record Grant(string Email, bool Verified, string? HostedDomain, string Nonce, string CodeChallenge, string RedirectUri);
}
