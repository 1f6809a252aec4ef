using System.Diagnostics.CodeAnalysis;

// Test names follow the house convention Method_Condition_Expected.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test naming convention", Scope = "namespaceanddescendants", Target = "~N:Backfill.Tests.Klaviyo.Sandbox")]
