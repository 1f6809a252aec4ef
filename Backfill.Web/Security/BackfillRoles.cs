namespace Backfill.Web.Security;

/// <summary>The two roles. An operator is also a viewer: both role claims are issued to operators.</summary>
public static class BackfillRoles
{
    /// <summary>Reads status, data and exports.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also starts, cancels, retries and clears backfills and adds or removes clients.</summary>
    public const string Operator = "operator";

    public static bool IsKnown(string? role) => role is Viewer or Operator;

    /// <summary>The role claims a caller in <paramref name="role"/> carries.</summary>
    public static IReadOnlyList<string> Claims(string role) => role == Operator ? [Viewer, Operator] : [Viewer];
}

/// <summary>Authorization policy names, one per role; every endpoint and dashboard action names one of them.</summary>
public static class BackfillPolicies
{
    public const string View = "backfill:view";

    public const string Operate = "backfill:operate";
}
