using System.Net.Http.Headers;
using Backfill.Services.Storage;
using Google.Apis.Auth.OAuth2;

namespace Backfill.Services.Firestore;

/// <summary>
/// Puts credentials on every Firestore request. Emulator: <c>Bearer owner</c> (what Google's own clients send;
/// admin calls such as batchWrite need it) and never a Google token. Production: an access token from
/// Application Default Credentials, which the credential caches and refreshes itself. Tokens are never logged.
/// </summary>
public sealed class FirestoreAuthHandler(FirestoreCredentialSource credentials, FirestoreOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.UsesEmulator)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "owner");
        }
        else
        {
            var credential = await credentials.GetAsync(cancellationToken);
            // authUri null: always an OAuth access token, never a self-signed JWT (which only service-account keys support).
            var token = await credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// The Application Default Credentials, scoped for Firestore, loaded on first use (not at startup, so an
/// emulator or embedded setup needs none). A failed load is not cached: the next request tries again.
/// </summary>
public sealed class FirestoreCredentialSource : IDisposable
{
    public const string Scope = "https://www.googleapis.com/auth/datastore";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private GoogleCredential? _credential;

    public async Task<ITokenAccess> GetAsync(CancellationToken cancellationToken)
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
                GoogleCredential credential;
                try
                {
                    credential = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken);
                }
                catch (InvalidOperationException e)
                {
                    throw new StoreException(StoreErrorCode.Unauthenticated,
                        "no Application Default Credentials found (set GOOGLE_APPLICATION_CREDENTIALS, run on Google Cloud, or use the emulator)", inner: e);
                }

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
