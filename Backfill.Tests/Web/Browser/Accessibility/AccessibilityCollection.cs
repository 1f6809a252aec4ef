namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>The axe cases and the keyboard test share one <see cref="AccessibilityApp"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<AccessibilityApp>
{
    public const string Name = "Accessibility";
}
