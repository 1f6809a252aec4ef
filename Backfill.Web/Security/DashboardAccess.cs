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

    private static bool Contains(List<string> list, string value) =>
        list.Exists(item => string.Equals(item.Trim().TrimStart('@'), value, StringComparison.OrdinalIgnoreCase));
}
