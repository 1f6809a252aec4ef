namespace Backfill.Web.Security;

/// <summary>
/// Who may use the app (configuration section <c>Auth</c>). With nothing configured the app runs in local mode:
/// no sign-in, loopback only. Configuring Google sign-in or at least one API key switches every route to
/// authenticated access with the roles <see cref="BackfillRoles.Viewer"/> and <see cref="BackfillRoles.Operator"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>Dashboard sign-in with Google (OpenID Connect).</summary>
    public GoogleSignInOptions Google { get; set; } = new();

    /// <summary>
    /// Keys for scripts calling the API with <c>Authorization: Bearer &lt;key&gt;</c>. Only their SHA-256 hashes are
    /// configured, so the configuration (and anyone who reads it) never holds a usable key.
    /// </summary>
    public List<ApiKeyEntry> ApiKeys { get; } = [];

    /// <summary>True when any way of signing in is configured; false means local mode.</summary>
    public bool IsConfigured => Google.IsConfigured || ApiKeys.Count > 0;
}

/// <summary>Google sign-in for the dashboard and who it lets in.</summary>
public sealed class GoogleSignInOptions
{
    public const string DefaultAuthority = "https://accounts.google.com";

    /// <summary>OAuth client id of a "Web application" client in the Google Cloud console.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its client secret; from user-secrets, an environment variable or Secret Manager, never appsettings.json.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The OpenID provider; Google unless a test points it at a local stand-in.</summary>
    public string Authority { get; set; } = DefaultAuthority;

    /// <summary>Google Workspace domains whose users may view (e.g. <c>agency.com</c>); matched against the ID token's <c>hd</c> claim.</summary>
    public List<string> AllowedDomains { get; } = [];

    /// <summary>Individual e-mail addresses that may view.</summary>
    public List<string> AllowedEmails { get; } = [];

    /// <summary>E-mail addresses that may also operate (start, cancel, retry, clear, add or remove clients).</summary>
    public List<string> OperatorEmails { get; } = [];

    /// <summary>Google Workspace domains whose users may operate (the <c>hd</c> claim).</summary>
    public List<string> OperatorDomains { get; } = [];

    /// <summary>
    /// Who sees which clients: an e-mail address or a domain → the client ids that person (or that domain's people)
    /// may see and, as operators, act on. Someone without an entry sees every client. An e-mail entry wins over a
    /// domain entry; a domain entry matches the Workspace <c>hd</c> claim, or else the e-mail's domain (a scope only
    /// ever narrows, so matching the address's domain cannot let anyone see more).
    /// </summary>
    public Dictionary<string, List<string>> ClientAccess { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>One API caller: a name for logs and the rate limiter, the role it acts in, and the key's SHA-256.</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    /// <summary><see cref="BackfillRoles.Viewer"/> or <see cref="BackfillRoles.Operator"/>.</summary>
    public string Role { get; set; } = BackfillRoles.Viewer;

    /// <summary>Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The client ids this key may see and act on; empty (the default) means every client.</summary>
    public List<string> Clients { get; } = [];
}
