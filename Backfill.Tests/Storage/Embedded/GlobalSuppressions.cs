using System.Diagnostics.CodeAnalysis;

// Test names follow the house convention Method_Condition_Expected.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespaceanddescendants", Target = "~N:Backfill.Tests.Storage.Embedded")]

// Literal arrays in test cases read better inline; the tests run once.
[assembly: SuppressMessage("Performance", "CA1861:Avoid constant arrays as arguments", Scope = "namespaceanddescendants", Target = "~N:Backfill.Tests.Storage.Embedded")]
