using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>: the key's SHA-256 is compared with every configured hash in constant
/// time. Challenges and refusals answer as RFC 7807 problems, because the callers are scripts, not browsers.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    // Longer than any key we would hand out; stops hashing megabytes of header on every request.
    private const int MaxKeyLength = 512;

    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header[BearerPrefix.Length..].Trim();
        if (presented.Length is 0 or > MaxKeyLength)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is empty or too long to be an API key."));
        }

        if (keys.Find(presented) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not recognised."));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, "api:" + caller.Name));
        foreach (var role in BackfillRoles.Claims(caller.Role))
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        identity.AddClaims(ClientScope.Claims(caller.Clients));

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer realm=\"backfill\"";
        var detail = result.Failure?.Message
            ?? "Send an API key as 'Authorization: Bearer <key>' (dashboard users sign in with Google instead).";
        await AccessProblems.WriteUnauthorizedAsync(Context, detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AccessProblems.WriteForbiddenAsync(Context);
}

/// <summary>The configured API keys, parsed once: names, roles and hashes (never a key).</summary>
internal sealed class ApiKeyDirectory
{
    private readonly (ApiKeyEntry Entry, byte[] Hash)[] _keys;

    public ApiKeyDirectory(IOptions<AuthOptions> options)
    {
        _keys = [.. options.Value.ApiKeys
            .Select(k => (Entry: k, Ok: ApiKeyHash.TryParse(k.Sha256, out var hash), Hash: hash))
            .Where(k => k.Ok)
            .Select(k => (k.Entry, k.Hash))];
    }

    public ApiKeyEntry? Find(string presented)
    {
        var hash = ApiKeyHash.Of(presented);
        ApiKeyEntry? match = null;

        // Every entry is compared, so the time taken says nothing about which (if any) matched.
        foreach (var (entry, expected) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match = entry;
            }
        }

        return match;
    }
}
