using System.Security.Claims;

namespace Backfill.Web.Security;

/// <summary>
/// Decides, from Google's ID token claims, whether a person may use the dashboard and in which role. Only verified
/// e-mail addresses count. Domain lists match Google Workspace's <c>hd</c> claim only: a personal Google account can be
/// registered with any address, e.g. a former employee's <c>@agency.com</c>, so the address's domain proves nothing.
/// </summary>
public sealed class DashboardAccess(GoogleSignInOptions options)
{
    /// <summary>The role for these claims, or null when the person is not let in.</summary>
    public string? RoleFor(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var email = principal.FindFirst("email")?.Value?.Trim();
        var verified = string.Equals(principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(email) || !verified)
        {
            return null;
        }

        var hostedDomain = principal.FindFirst("hd")?.Value;
        if (Contains(options.OperatorEmails, email) || (hostedDomain is { Length: > 0 } && Contains(options.OperatorDomains, hostedDomain)))
        {
            return BackfillRoles.Operator;
        }

        if (Contains(options.AllowedEmails, email) || (hostedDomain is { Length: > 0 } && Contains(options.AllowedDomains, hostedDomain)))
        {
            return BackfillRoles.Viewer;
        }

        return null;
    }

    /// <summary>
    /// The clients this person may see (<see cref="GoogleSignInOptions.ClientAccess"/>), or null for every client: the
    /// entry for the e-mail, else for the Workspace domain (<c>hd</c>), else for the e-mail's domain.
    /// </summary>
    public IReadOnlyList<string>? ClientsFor(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (options.ClientAccess.Count == 0 || principal.FindFirst("email")?.Value?.Trim() is not { Length: > 0 } email)
        {
            return null;
        }

        var hostedDomain = principal.FindFirst("hd")?.Value?.Trim();
        var emailDomain = email[(email.LastIndexOf('@') + 1)..];
        foreach (var key in new[] { email, hostedDomain, emailDomain })
        {
            if (key is { Length: > 0 } && Find(key) is { } clients)
            {
                return clients;
            }
        }

        return null;
    }

    // Domain keys may be written with a leading '@', as in the allow lists.
    private List<string>? Find(string key) =>
        options.ClientAccess.FirstOrDefault(e => string.Equals(e.Key.Trim().TrimStart('@'), key, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool Contains(List<string> list, string value) =>
        list.Exists(item => string.Equals(item.Trim().TrimStart('@'), value, StringComparison.OrdinalIgnoreCase));
}
