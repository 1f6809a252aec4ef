namespace Backfill.KlaviyoSandbox;

/// <summary>
/// A batch of orders added late to a past day. Only the recipe is kept, not the orders: they are regenerated from it
/// whenever the day is read, like the day's own orders, so they always match the catalog they are read with.
/// </summary>
/// <param name="Latest">Unix seconds of the moment the batch arrived; no order of it is later.</param>
internal sealed record SandboxOrderArrival(DateOnly Day, ulong Seed, int Count, long FirstOrderNumber, long Latest)
{
    public SandboxOrder[] Generate(SandboxCatalog catalog) =>
        SandboxOrderDay.Arrivals(catalog, Day, Seed, Count, FirstOrderNumber, Latest);
}
