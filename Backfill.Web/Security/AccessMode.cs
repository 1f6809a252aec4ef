namespace Backfill.Web.Security;

/// <summary>How this process lets people in; the layout shows the local-mode banner from it.</summary>
/// <param name="IsLocal">No sign-in configured: loopback only, everyone is an operator.</param>
/// <param name="GoogleSignIn">The dashboard signs people in with Google.</param>
public sealed record AccessMode(bool IsLocal, bool GoogleSignIn);
