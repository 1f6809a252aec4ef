namespace Backfill.KlaviyoSandbox;

/// <summary>An account's automated flows: the usual e-commerce set, one manual, one draft and one archived.</summary>
internal static class SandboxFlowFactory
{
    private sealed record Template(string Name, string Trigger, string Status, double Volume, string[] Messages);

    private static readonly Template[] Templates =
    [
        new("Welcome Series", "Added to List", "live", 0.8, ["email:Welcome – Email 1", "email:Welcome – Email 2", "email:Welcome – Email 3"]),
        new("Abandoned Checkout", "Metric", "live", 1.2, ["email:Abandoned Checkout – Reminder", "sms:Abandoned Checkout – SMS", "email:Abandoned Checkout – Last Call"]),
        new("Browse Abandonment", "Metric", "live", 1.5, ["email:Browse Abandonment – Email 1", "email:Browse Abandonment – Email 2"]),
        new("Post-Purchase Thank You", "Metric", "live", 0.9, ["email:Thank You", "email:How Are You Enjoying It?"]),
        new("Legacy Welcome (2023)", "Added to List", "live", 0.7, ["email:Legacy Welcome – Email 1", "email:Legacy Welcome – Email 2"]),
        new("Customer Winback", "Metric", "live", 0.3, ["email:We Miss You", "email:A Gift to Come Back"]),
        new("Birthday Treat", "Date Based", "live", 0.1, ["email:Happy Birthday"]),
        new("Back in Stock", "Metric", "live", 0.2, ["email:It's Back!"]),
        new("Price Drop Alert", "Price Drop", "manual", 0.05, ["email:Price Drop"]),
        new("Holiday Gift Reminder", "Date Based", "draft", 0, ["email:Gift Reminder"]),
        new("Sunset Unengaged", "Metric", "live", 0.4, ["email:Still Interested?"]),
        new("Review Request", "Metric", "live", 0.6, ["sms:Review Request"]),
    ];

    public static List<SandboxFlow> Build(SandboxCatalog catalog)
    {
        var account = catalog.Account;
        var count = account.OrdersPerDay >= 100 ? 12 : account.OrdersPerDay >= 20 ? 10 : 6;
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xF10));
        var flows = new List<SandboxFlow>(count);
        var messageIndex = 0;
        for (var i = 0; i < count; i++)
        {
            var template = Templates[i];
            var archived = template.Name.StartsWith("Legacy", StringComparison.Ordinal);
            var activeFrom = i == 0 ? catalog.HistoryStart.AddDays(-300) : catalog.HistoryStart.AddDays(rng.Next(-200, catalog.HistoryDays / 3));
            if (archived)
            {
                activeFrom = catalog.HistoryStart.AddDays(-120);
            }
            var activeUntil = archived ? catalog.HistoryStart.AddDays(catalog.HistoryDays / 3) : catalog.HistoryEnd.AddDays(3650);
            var created = catalog.LocalDayStart(activeFrom).AddHours(9 + rng.Next(8)).AddSeconds(rng.Next(3600));
            var updated = archived
                ? catalog.LocalDayStart(activeUntil).AddHours(15)
                : created.AddDays(rng.Next(1, Math.Max(2, catalog.HistoryEnd.DayNumber - activeFrom.DayNumber)));
            var flow = new SandboxFlow
            {
                Id = SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0xF11, (ulong)i), 6),
                Name = template.Name,
                Status = archived ? "live" : template.Status,
                Archived = archived,
                Created = created,
                Updated = updated,
                TriggerType = template.Trigger,
                ActiveFrom = activeFrom,
                ActiveUntil = template.Status == "draft" ? DateOnly.MinValue : activeUntil,
                Tags = [catalog.Tags[4]],
            };
            var scale = account.OrdersPerDay * template.Volume;
            for (var m = 0; m < template.Messages.Length; m++)
            {
                var parts = template.Messages[m].Split(':', 2);
                var actionId = (61_000_000 + (long)(SandboxRandom.Hash(catalog.AccountSeed, 0xF12, (ulong)messageIndex) % 9_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                flow.ActionIds.Add(actionId);
                flow.Messages.Add(new SandboxFlowMessage(
                    messageIndex,
                    SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0xF13, (ulong)messageIndex), 6),
                    actionId,
                    parts[1],
                    parts[0],
                    scale * Math.Pow(0.7, m),
                    flow));
                messageIndex++;
            }
            flows.Add(flow);
        }
        return flows;
    }
}
