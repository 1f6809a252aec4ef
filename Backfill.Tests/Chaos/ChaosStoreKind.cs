namespace Backfill.Tests.Chaos;

/// <summary>The stores a chaos scenario runs on.</summary>
public enum ChaosStoreKind
{
    Embedded,
    Firestore,
}
