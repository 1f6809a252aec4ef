namespace Backfill.KlaviyoSandbox;

/// <summary>Spreads an account's campaigns over its history, denser before the holidays, with a few drafts,
/// scheduled, cancelled and archived ones.</summary>
internal static class SandboxCampaignFactory
{
    private static readonly string[] EmailThemes =
    [
        "Monthly Newsletter", "New Arrivals", "Weekend Sale", "Staff Picks", "Back in Stock", "Last Chance",
        "Customer Favourites", "Seasonal Guide", "Members Early Access", "Free Shipping Weekend",
    ];

    private static readonly string[] SmsThemes = ["Flash Sale", "Restock Alert", "VIP Offer", "Shipping Cutoff"];

    private static readonly string[] PushThemes = ["App Exclusive", "Today Only", "New Drop"];

    public static List<SandboxCampaign> Build(SandboxCatalog catalog)
    {
        var account = catalog.Account;
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xCA3));
        var days = catalog.HistoryDays;
        var weights = new double[days];
        var total = 0.0;
        for (var i = 0; i < days; i++)
        {
            var day = catalog.HistoryStart.AddDays(i);
            var w = day.Month == 12 && day.Day <= 20 ? 2.2 : day.Month == 11 && day.Day >= 15 ? 2.6 : 1.0;
            total += w;
            weights[i] = total;
        }

        var campaigns = new List<SandboxCampaign>(account.CampaignCount);
        var dayCursor = 0;
        var unsent = Math.Max(3, account.CampaignCount / 25);
        var sentCount = account.CampaignCount - unsent;
        for (var i = 0; i < account.CampaignCount; i++)
        {
            var r = rng.NextDouble();
            var channel = r < 0.7 ? "email" : r < 0.9 ? "sms" : "mobile_push";
            var theme = channel switch
            {
                "email" => EmailThemes[rng.Next(EmailThemes.Length)],
                "sms" => SmsThemes[rng.Next(SmsThemes.Length)],
                _ => PushThemes[rng.Next(PushThemes.Length)],
            };
            DateOnly sendDay;
            string status;
            if (i < sentCount)
            {
                var target = (i + 0.5) / sentCount * total;
                while (dayCursor < days - 1 && weights[dayCursor] < target)
                {
                    dayCursor++;
                }
                sendDay = catalog.HistoryStart.AddDays(dayCursor);
                status = rng.Chance(0.02) ? "Cancelled" : "Sent";
            }
            else
            {
                var kind = (i - sentCount) % 3;
                sendDay = catalog.HistoryEnd.AddDays(kind == 0 ? 6 + i % 5 : 1 + i % 9);
                status = kind == 0 ? "Scheduled" : kind == 1 ? "Draft" : "Cancelled: No Recipients";
            }

            theme = HolidayTheme(sendDay, channel) ?? theme;
            var hour = channel switch { "email" => 9 + rng.Next(3), "sms" => 12 + rng.Next(6), _ => 18 };
            var sendLocal = sendDay.ToDateTime(new TimeOnly(hour, rng.Next(4) * 15));
            var sendTime = catalog.LocalToUtc(sendLocal);
            var created = sendTime.AddDays(-(2 + rng.Next(12))).AddMinutes(-rng.Next(600));
            var updated = status == "Draft" ? created.AddHours(rng.Next(1, 48)) : sendTime.AddMinutes(rng.Next(5, 90));
            var archived = status == "Sent" && sendDay < catalog.HistoryEnd.AddDays(-180) && rng.Chance(0.09);
            if (archived)
            {
                updated = sendTime.AddDays(30 + rng.Next(90));
            }
            var name = string.Concat(theme, " – ", sendDay.ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture));
            if (channel != "email")
            {
                name += channel == "sms" ? " (SMS)" : " (Push)";
            }

            var id = SandboxIds.Ulid(created, SandboxRandom.Hash(catalog.AccountSeed, 0xCA4, (ulong)i));
            var message = new SandboxCampaignMessage(
                SandboxIds.Ulid(created.AddSeconds(1), SandboxRandom.Hash(catalog.AccountSeed, 0xCA5, (ulong)i)),
                channel,
                name,
                SubjectFor(theme, account),
                "A little something from " + account.Name,
                BodyFor(theme, account),
                SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0xCA6, (ulong)i), 6),
                created.AddSeconds(1),
                updated);
            var tags = new List<SandboxTag>();
            var tagRoll = rng.Next(4);
            if (tagRoll >= 1)
            {
                tags.Add(catalog.Tags[theme.Contains("Sale", StringComparison.Ordinal) || theme.Contains("Offer", StringComparison.Ordinal) ? 1 : 0]);
            }
            if (tagRoll == 3 || HolidayTheme(sendDay, channel) is not null)
            {
                tags.Add(catalog.Tags[2]);
            }
            campaigns.Add(new SandboxCampaign(
                i,
                id,
                name,
                status,
                archived,
                channel,
                created,
                status is "Draft" ? null : sendTime,
                updated,
                status is "Draft" or "Cancelled" or "Cancelled: No Recipients" ? null : sendTime,
                rng.Chance(0.1),
                SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0xCA7, (ulong)(i % 3)), 6),
                message,
                tags.Distinct().ToList()));
        }
        return campaigns;
    }

    private static string? HolidayTheme(DateOnly day, string channel)
    {
        var thanksgiving = SandboxCalendar.Thanksgiving(day.Year);
        if (day >= thanksgiving.AddDays(-7) && day < thanksgiving.AddDays(1))
        {
            return channel == "email" ? "Black Friday Early Access" : "Black Friday Starts Now";
        }
        if (day >= thanksgiving.AddDays(1) && day <= thanksgiving.AddDays(4))
        {
            return channel == "email" ? "Black Friday – Cyber Monday" : "Cyber Monday";
        }
        if (day.Month == 12 && day.Day <= 20)
        {
            return channel == "email" ? "Holiday Gift Guide" : "Order by Dec 20";
        }
        return null;
    }

    private static string SubjectFor(string theme, SandboxAccountDefinition account) => theme switch
    {
        "Monthly Newsletter" => "What's new at " + account.Name,
        "Black Friday Early Access" => "Early access: our biggest sale of the year",
        "Holiday Gift Guide" => "Gifts they'll actually love",
        _ => theme + " at " + account.Name,
    };

    private static string BodyFor(string theme, SandboxAccountDefinition account) =>
        string.Concat(account.Name, ": ", theme, "! Shop now: https://", account.WebsiteDomain, " Reply STOP to opt out.");
}

internal static class SandboxCalendar
{
    public static DateOnly Thanksgiving(int year)
    {
        var first = new DateOnly(year, 11, 1);
        var offset = ((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 21);
    }
}
