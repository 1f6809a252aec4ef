namespace Backfill.KlaviyoSandbox;

/// <summary>The sandbox's demo accounts as clients know them: slug (the client id) and display name.</summary>
public static class SandboxDemoAccounts
{
    public static IReadOnlyList<(string Slug, string Name)> All { get; } =
        [.. SandboxAccountDefinitions.All.Select(a => (a.Slug, a.Name))];
}
