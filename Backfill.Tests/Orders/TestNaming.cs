using System.Diagnostics.CodeAnalysis;

// House test names are Method_Condition_Expected; CA1707 forbids the underscores.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test naming convention",
    Scope = "namespaceanddescendants", Target = "~N:Backfill.Tests.Orders")]
