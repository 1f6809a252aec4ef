using System.Globalization;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

/// <summary>Refuses to start with an authentication set-up that would lock everyone out or let the wrong people in.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}");
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{at}:Name is required (it names the caller in logs and rate limits).");
            }
            else if (!names.Add(key.Name))
            {
                failures.Add($"{at}:Name '{key.Name}' is used twice.");
            }

            if (!BackfillRoles.IsKnown(key.Role))
            {
                failures.Add($"{at}:Role must be '{BackfillRoles.Viewer}' or '{BackfillRoles.Operator}'.");
            }

            if (!ApiKeyHash.TryParse(key.Sha256, out _))
            {
                failures.Add($"{at}:Sha256 must be the 64 hex digits of the key's SHA-256 (printf %s \"$KEY\" | sha256sum), not the key itself.");
            }
        }

        var google = options.Google;
        if (google.IsConfigured)
        {
            if (string.IsNullOrWhiteSpace(google.ClientSecret))
            {
                failures.Add("Auth:Google:ClientSecret is required with Auth:Google:ClientId (set it with user-secrets or the environment variable Auth__Google__ClientSecret).");
            }

            if (!Uri.TryCreate(google.Authority, UriKind.Absolute, out var authority)
                || (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback))
            {
                failures.Add("Auth:Google:Authority must be an https URL (http only on loopback, for tests).");
            }

            if (google.AllowedDomains.Count + google.AllowedEmails.Count + google.OperatorEmails.Count + google.OperatorDomains.Count == 0)
            {
                failures.Add("Google sign-in lets nobody in: list e-mails or domains in Auth:Google:AllowedEmails, AllowedDomains, OperatorEmails or OperatorDomains.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
