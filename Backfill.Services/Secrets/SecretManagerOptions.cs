using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Secrets;

/// <summary>
/// Where per-client secrets are read from (configuration section <c>SecretManager</c>). Holds names and
/// addresses only, never a secret's value. An empty <see cref="ProjectId"/> means Secret Manager is not used.
/// </summary>
public sealed class SecretManagerOptions
{
    public const string SectionName = "SecretManager";

    /// <summary>Google Cloud project that holds the secrets (id or number). Empty: Secret Manager is not used.</summary>
    [RegularExpression(@"^[a-z0-9][a-z0-9.:-]{0,99}\z", ErrorMessage = "SecretManager:ProjectId must be a Google Cloud project id or number.")]
    public string? ProjectId { get; set; }

    /// <summary>Root of the REST API; default <c>https://secretmanager.googleapis.com/</c>. <c>v1/…</c> is resolved against it.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://secretmanager.googleapis.com/");

    /// <summary>
    /// How requests authenticate: <see cref="SecretManagerCredentials.ApplicationDefault"/> (default) or
    /// <see cref="SecretManagerCredentials.None"/>, which is accepted only for a loopback <see cref="BaseUrl"/>.
    /// </summary>
    public SecretManagerCredentials Credentials { get; set; } = SecretManagerCredentials.ApplicationDefault;

    /// <summary>How long a key read from Secret Manager is reused before it is read again. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time allowed for one HTTP attempt. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on transient errors (429, 5xx, network). Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles each time with jitter. Default 200 ms; zero in tests.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one retry delay (also caps a server's <c>Retry-After</c>). Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when a project is set, so per-client keys come from Secret Manager.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ProjectId);

    /// <summary>The project in effect (trimmed); empty when Secret Manager is not configured.</summary>
    public string Project => ProjectId?.Trim() ?? "";

    /// <summary><c>projects/{project}/secrets/{secretId}</c>, the name Google's tools and messages use.</summary>
    public string SecretResourceName(string secretId) => $"projects/{Project}/secrets/{secretId}";
}

/// <summary>How the Secret Manager client authenticates.</summary>
public enum SecretManagerCredentials
{
    /// <summary>An OAuth access token from Google Application Default Credentials, obtained on first use.</summary>
    ApplicationDefault,

    /// <summary>No credentials at all; only for a local stand-in on a loopback address (tests).</summary>
    None,
}
