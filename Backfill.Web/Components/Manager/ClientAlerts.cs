using Backfill.Services.Alerts;
using Backfill.Services.Storage;

namespace Backfill.Web.Components.Manager;

/// <summary>The open incidents of each client, for the manager's rows.</summary>
public static class ClientAlerts
{
    public static IReadOnlyDictionary<ClientId, IReadOnlyList<AlertIncident>> ByClient(IReadOnlyList<AlertIncident> incidents) =>
        incidents.Where(i => i.IsOpen)
            .GroupBy(i => i.ClientId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AlertIncident>)[.. g.OrderBy(i => i.OpenedAt)]);

    /// <summary>One line per incident: what and since when (the chip's title).</summary>
    public static string Describe(IReadOnlyList<AlertIncident> incidents) =>
        string.Join("; ", incidents.Select(i => $"{i.Kind.Describe()} since {BackfillFormat.Time(i.OpenedAt)}"));
}
