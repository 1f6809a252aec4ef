using System.Security.Claims;

namespace Backfill.Web.Security;

/// <summary>
/// Decides, from Google's ID token claims, whether a person may use the dashboard and in which role. Only verified
/// e-mail addresses count; a domain matches Google Workspace's <c>hd</c> claim or the verified address's domain.
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

        var at = email.LastIndexOf('@');
        if (at <= 0 || at == email.Length - 1)
        {
            return null;
        }

        var domains = new List<string> { email[(at + 1)..] };
        if (principal.FindFirst("hd")?.Value is { Length: > 0 } hostedDomain)
        {
            domains.Add(hostedDomain);
        }

        if (Contains(options.OperatorEmails, email) || domains.Exists(d => Contains(options.OperatorDomains, d)))
        {
            return BackfillRoles.Operator;
        }

        if (Contains(options.AllowedEmails, email) || domains.Exists(d => Contains(options.AllowedDomains, d)))
        {
            return BackfillRoles.Viewer;
        }

        return null;
    }

    private static bool Contains(List<string> list, string value) =>
        list.Exists(item => string.Equals(item.Trim().TrimStart('@'), value, StringComparison.OrdinalIgnoreCase));
}
