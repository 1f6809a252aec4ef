namespace Backfill.Tests.Backfilling.Leases;

/// <summary>The Firestore two-instance tests share one <see cref="TwoInstancesEmulator"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class TwoInstancesEmulatorCollection : ICollectionFixture<TwoInstancesEmulator>
{
    public const string Name = "Firestore two instances";
}
