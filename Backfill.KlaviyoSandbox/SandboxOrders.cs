namespace Backfill.KlaviyoSandbox;

/// <summary>
/// The one answer to "the orders of account A on local day D": the day's generated orders with the control endpoint's
/// additions and deletions applied. Events, metric aggregates and reports all read days through here, so they agree.
/// </summary>
internal static class SandboxOrders
{
    /// <summary>The day's orders in listing order (time, then id); the generated array itself when nothing changed.</summary>
    public static SandboxOrder[] OfDay(SandboxCatalog catalog, SandboxChangeSet changes, DateOnly day)
    {
        var generated = SandboxOrderDay.Generate(catalog, day);
        // The common case (no changes at all) must cost nothing: a year of the large account is paged through here.
        if (!changes.ChangesOrders || day < catalog.HistoryStart || day > catalog.HistoryEnd)
        {
            return generated;
        }
        var arrivals = changes.Arrivals.GetValueOrDefault(day);
        var deleted = changes.Deletions.GetValueOrDefault(day);
        if (arrivals is null && deleted is null)
        {
            return generated;
        }
        var orders = new List<SandboxOrder>(generated.Length);
        orders.AddRange(generated);
        foreach (var arrival in arrivals ?? [])
        {
            orders.AddRange(arrival.Generate(catalog));
        }
        if (deleted is not null)
        {
            orders.RemoveAll(o => deleted.Contains(o.Id));
        }
        orders.Sort(SandboxOrderDay.Chronological);
        return [.. orders];
    }
}
