namespace Backfill.KlaviyoSandbox;

/// <summary>Message delivery and engagement counts of one message on one day (campaigns: their send day only).</summary>
internal readonly record struct SandboxEngagement(
    long Recipients,
    long Delivered,
    long Bounced,
    long Failed,
    long OpensUnique,
    long Opens,
    long ClicksUnique,
    long Clicks,
    long Unsubscribes,
    long SpamComplaints,
    long Segments)
{
    public static SandboxEngagement ForCampaign(SandboxCatalog catalog, SandboxCampaign campaign)
    {
        if (!campaign.WasSent)
        {
            return default;
        }
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xE47, (ulong)campaign.Index));
        var day = catalog.LocalDay(campaign.SendTime!.Value.ToUnixTimeSeconds());
        var growth = 0.75 + 0.5 * Math.Clamp((double)catalog.HistoryIndex(day) / catalog.HistoryDays, 0, 1);
        var share = campaign.Channel switch { "email" => 1.0, "sms" => 0.2, _ => 0.08 };
        var recipients = (long)(catalog.Account.EmailListSize * growth * share * (0.8 + 0.2 * rng.NextDouble()));
        return From(campaign.Channel, recipients, ref rng);
    }

    public static SandboxEngagement ForFlowMessage(SandboxCatalog catalog, SandboxFlowMessage message, DateOnly day)
    {
        if (!message.Flow.SendsOn(day) || day < catalog.HistoryStart || day > catalog.HistoryEnd)
        {
            return default;
        }
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xE46, (ulong)message.GlobalIndex, (ulong)day.DayNumber));
        var recipients = rng.NextPoisson(message.DailyVolume * SandboxOrderDay.DayFactor(catalog, day));
        return From(message.Channel, recipients, ref rng);
    }

    /// <summary>When a flow's sends of a day count as happening: local noon (keeps day buckets exact).</summary>
    public static DateTimeOffset FlowSendInstant(SandboxCatalog catalog, DateOnly day) =>
        catalog.LocalToUtc(day.ToDateTime(new TimeOnly(12, 0)));

    private static SandboxEngagement From(string channel, long recipients, ref SandboxRandom rng)
    {
        if (recipients <= 0)
        {
            return default;
        }
        long Part(long of, double min, double max, ref SandboxRandom r) => (long)Math.Round(of * (min + (max - min) * r.NextDouble()));
        switch (channel)
        {
            case "email":
            {
                var bounced = Part(recipients, 0.003, 0.015, ref rng);
                var delivered = recipients - bounced;
                var opensUnique = Part(delivered, 0.30, 0.50, ref rng);
                var clicksUnique = Math.Min(opensUnique, Part(delivered, 0.015, 0.045, ref rng));
                return new SandboxEngagement(
                    recipients, delivered, bounced, 0, opensUnique, Part(opensUnique, 1.3, 1.7, ref rng),
                    clicksUnique, Part(clicksUnique, 1.1, 1.5, ref rng), Part(delivered, 0.001, 0.004, ref rng),
                    Part(delivered, 0, 0.0002, ref rng), 0);
            }
            case "sms":
            {
                var failed = Part(recipients, 0.01, 0.04, ref rng);
                var delivered = recipients - failed;
                var clicksUnique = Part(delivered, 0.03, 0.08, ref rng);
                return new SandboxEngagement(
                    recipients, delivered, 0, failed, 0, 0, clicksUnique, Part(clicksUnique, 1.05, 1.3, ref rng),
                    Part(delivered, 0.005, 0.015, ref rng), 0, delivered * (rng.Chance(0.5) ? 1 : 2));
            }
            default:
            {
                var failed = Part(recipients, 0.03, 0.10, ref rng);
                var delivered = recipients - failed;
                var opensUnique = Part(delivered, 0.03, 0.08, ref rng);
                return new SandboxEngagement(
                    recipients, delivered, 0, failed, opensUnique, Part(opensUnique, 1.0, 1.2, ref rng), 0, 0, 0, 0, 0);
            }
        }
    }
}
