using Google.Apis.Auth.OAuth2;

namespace Backfill.Services.Secrets;

/// <summary>
/// Application Default Credentials scoped for Secret Manager (<c>cloud-platform</c>), loaded on first use, so a
/// setup without Secret Manager, or a test against a local stand-in, needs none. A failed load is not cached: the
/// next read tries again. The credential caches and refreshes its access token itself; tokens are never logged.
/// </summary>
public sealed class SecretManagerCredentialSource : IDisposable
{
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoogleCredential? _credential;

    /// <summary>An OAuth access token; throws <see cref="InvalidOperationException"/> when there are no credentials.</summary>
    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var credential = await GetCredentialAsync(cancellationToken);
        // authUri null: always an OAuth access token, never a self-signed JWT (which only service-account keys support).
        return await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(authUri: null, cancellationToken);
    }

    private async Task<GoogleCredential> GetCredentialAsync(CancellationToken cancellationToken)
    {
        if (_credential is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_credential is null)
            {
                var credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
                _credential = credential.IsCreateScopedRequired ? credential.CreateScoped(Scope) : credential;
            }

            return _credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
