namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Generates one account-local day of orders from a per-day seed. Nothing is cached across days, so paging
/// through two years of a large account never holds more than one day of events per request.
/// </summary>
internal static class SandboxOrderDay
{
    private static readonly double[] HourWeights =
        [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.3, 2.4, 2.5, 2.3, 2.1, 2.0, 2.0, 2.1, 2.4, 2.8, 3.0, 2.6, 1.6, 0.8];

    private static readonly double[] WeekdayFactor = [1.05, 1.12, 1.02, 0.97, 0.96, 0.92, 0.86];

    private static readonly double[] MonthFactor = [0.78, 0.95, 0.9, 0.92, 0.97, 0.9, 0.86, 0.87, 0.93, 1.0, 1.2, 1.45];

    private static readonly double[] CumulativeHours = Cumulative(HourWeights);

    public static SandboxOrder[] Generate(SandboxCatalog catalog, DateOnly day)
    {
        if (day < catalog.HistoryStart || day > catalog.HistoryEnd)
        {
            return [];
        }
        var account = catalog.Account;
        var rng = new SandboxRandom(SandboxRandom.Hash(catalog.AccountSeed, 0xDA7, (ulong)day.DayNumber));
        var mean = account.OrdersPerDay * DayFactor(catalog, day);
        var primary = rng.NextPoisson(mean);
        var secondary = account.HasSecondaryPlacedOrder ? rng.NextPoisson(0.4) : 0;
        var count = primary + secondary;
        var start = catalog.LocalDayStart(day).ToUnixTimeSeconds();
        var length = catalog.LocalDayStart(day.AddDays(1)).ToUnixTimeSeconds() - start;
        var shape = DayShape.Of(catalog, day);

        var times = new long[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = start + Math.Min(length - 1, SampleSecondOfDay(ref rng) * length / 86_400);
        }
        Array.Sort(times);

        var orders = new SandboxOrder[count];
        var secondaryLeft = secondary;
        for (var i = 0; i < count; i++)
        {
            var isSecondary = secondaryLeft > 0 && rng.Next(count - i) < secondaryLeft;
            if (isSecondary)
            {
                secondaryLeft--;
            }
            var id = SandboxIds.Short(SandboxRandom.Hash(catalog.AccountSeed, 0xE7E, (ulong)day.DayNumber, (ulong)i), 11);
            var orderNumber = 1001 + (long)catalog.HistoryIndex(day) * 2000 + i;
            orders[i] = BuildOrder(catalog, id, orderNumber, times[i], isSecondary, shape, ref rng);
        }
        Array.Sort(orders, Chronological);
        return SandboxWholesaleDay.AddTo(catalog, day, orders);
    }

    /// <summary>
    /// Orders that reach a past day late (added through the control endpoint). They follow the day's usual shapes
    /// and attribution rules but draw from their own <paramref name="seed"/> and take order numbers from
    /// <paramref name="firstOrderNumber"/> on, as orders placed "now" would; none is later than <paramref name="latest"/>.
    /// </summary>
    public static SandboxOrder[] Arrivals(SandboxCatalog catalog, DateOnly day, ulong seed, int count, long firstOrderNumber, long latest)
    {
        var rng = new SandboxRandom(seed);
        var start = catalog.LocalDayStart(day).ToUnixTimeSeconds();
        var length = Math.Max(1, Math.Min(catalog.LocalDayStart(day.AddDays(1)).ToUnixTimeSeconds(), latest + 1) - start);
        var shape = DayShape.Of(catalog, day);
        var orders = new SandboxOrder[count];
        for (var i = 0; i < count; i++)
        {
            var timestamp = start + Math.Min(length - 1, SampleSecondOfDay(ref rng) * length / 86_400);
            var id = SandboxIds.Short(SandboxRandom.Hash(seed, 0xADD, (ulong)i), 11);
            orders[i] = BuildOrder(catalog, id, firstOrderNumber + i, timestamp, secondary: false, shape, ref rng, arrived: true);
        }
        Array.Sort(orders, Chronological);
        return orders;
    }

    /// <summary>The order every day's events are listed in: time, then id (ordinal).</summary>
    public static int Chronological(SandboxOrder a, SandboxOrder b) =>
        a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.Id, b.Id);

    private static SandboxOrder BuildOrder(
        SandboxCatalog catalog, string id, long orderNumber, long timestamp, bool secondary, DayShape shape, ref SandboxRandom rng, bool arrived = false)
    {
        var (pool, liveFlowMessages, flowVolume) = shape;
        var account = catalog.Account;
        var products = account.Products;
        var lineCount = 1 + (rng.Chance(0.45) ? 1 : 0) + (rng.Chance(0.2) ? 1 : 0) + (rng.Chance(0.05) ? 1 : 0);
        var items = new SandboxLineItem[lineCount];
        var subtotal = 0m;
        for (var l = 0; l < lineCount; l++)
        {
            var product = rng.Next(products.Count);
            var quantity = rng.Chance(0.75) ? 1 : rng.Next(2, 5);
            items[l] = new SandboxLineItem(product, quantity, products[product].Price);
            subtotal += products[product].Price * quantity;
        }

        var discountCode = -1;
        var discount = 0m;
        if (rng.Chance(0.22))
        {
            discountCode = rng.Next(account.DiscountCodes.Count);
            var percent = 10 + 5 * rng.Next(3);
            discount = Math.Round(subtotal * percent / 100m, 2, MidpointRounding.AwayFromZero);
        }
        var shipping = subtotal - discount >= account.FreeShippingThreshold ? 0m : account.ShippingPrice;
        var tax = Math.Round((subtotal - discount) * account.TaxRate, 2, MidpointRounding.AwayFromZero);
        var currency = account.Currency;
        var fx = 1m;
        if (account.ForeignCurrency is not null && rng.Chance(account.ForeignCurrencyShare))
        {
            currency = account.ForeignCurrency;
            fx = 1.36m;
        }
        var total = Math.Round((subtotal - discount + shipping + tax) * fx, 2, MidpointRounding.AwayFromZero);

        var u = rng.NextDouble();
        var customer = (int)(pool * Math.Pow(u, 1.7));
        var sourceRoll = rng.NextDouble();
        var source = account.Shape == SandboxOrderShape.CustomApi ? "api" : sourceRoll < 0.9 ? "web" : sourceRoll < 0.97 ? "pos" : "shopify_draft_order";

        var quirks = SandboxOrderQuirks.None;
        if (rng.Chance(0.02))
        {
            quirks |= SandboxOrderQuirks.StringItemCount;
        }
        if (account.Shape == SandboxOrderShape.CustomApi && rng.Chance(0.03))
        {
            quirks |= SandboxOrderQuirks.StringValue;
        }
        if (source == "pos" || rng.Chance(0.01))
        {
            quirks |= SandboxOrderQuirks.NoCustomer | SandboxOrderQuirks.NoLandingSite;
        }
        if (rng.Chance(0.05))
        {
            quirks |= SandboxOrderQuirks.NoBrand;
        }
        if (rng.Chance(0.04))
        {
            quirks |= SandboxOrderQuirks.NoBillingAddress;
        }

        var attributionKind = SandboxAttributionKind.None;
        var attributionIndex = 0;
        var attributionSend = 0L;
        if (!secondary)
        {
            var latest = catalog.LatestSendBefore(timestamp);
            var ageHours = latest is null ? double.MaxValue : (timestamp - latest.SendTime!.Value.ToUnixTimeSeconds()) / 3600.0;
            var channelWeight = latest?.Channel == "email" ? 0.35 : 0.25;
            if (latest is not null && ageHours < 120 && rng.Chance(channelWeight * Math.Exp(-ageHours / 30)))
            {
                attributionKind = SandboxAttributionKind.Campaign;
                attributionIndex = latest.Index;
                attributionSend = latest.SendTime!.Value.ToUnixTimeSeconds();
            }
            else if (flowVolume > 0 && rng.Chance(0.14))
            {
                var pick = rng.NextDouble() * flowVolume;
                var chosen = liveFlowMessages[^1];
                foreach (var message in liveFlowMessages)
                {
                    pick -= message.DailyVolume;
                    if (pick < 0)
                    {
                        chosen = message;
                        break;
                    }
                }
                attributionKind = SandboxAttributionKind.Flow;
                attributionIndex = chosen.GlobalIndex;
                attributionSend = timestamp - 600 - rng.Next(60 * 60 * 48);
            }
        }

        return new SandboxOrder
        {
            Timestamp = timestamp,
            Id = id,
            Secondary = secondary,
            Customer = customer,
            OrderNumber = orderNumber,
            Items = items,
            Subtotal = subtotal,
            Discount = discount,
            DiscountCode = discountCode,
            Shipping = shipping,
            Tax = tax,
            Value = total,
            Currency = currency,
            SourceName = secondary ? "woocommerce" : source,
            LandingPage = rng.Next(1 << 20),
            Quirks = quirks,
            Noise = rng.NextUInt64(),
            Arrived = arrived,
            AttributionKind = attributionKind,
            AttributionIndex = attributionIndex,
            AttributionSendTs = attributionSend,
        };
    }

    /// <summary>Relative order volume of a day: growth, weekday rhythm, season, holidays and email sends.</summary>
    public static double DayFactor(SandboxCatalog catalog, DateOnly day)
    {
        var growth = 0.8 + 0.45 * catalog.HistoryIndex(day) / catalog.HistoryDays;
        var factor = growth * WeekdayFactor[(int)day.DayOfWeek] * MonthFactor[day.Month - 1];
        var thanksgiving = SandboxCalendar.Thanksgiving(day.Year);
        var delta = day.DayNumber - thanksgiving.DayNumber;
        factor *= delta switch
        {
            -3 or -2 or -1 => 1.5,
            0 => 1.2,
            1 => 3.2,
            2 => 2.1,
            3 => 1.8,
            4 => 2.7,
            5 => 1.5,
            _ => 1.0,
        };
        if (day.Month == 12)
        {
            factor *= day.Day <= 18 ? 1.0 + day.Day / 30.0 : day.Day <= 22 ? 1.1 : 0.55;
        }
        if (catalog.HasEmailSendOn(day))
        {
            factor *= 1.15;
        }
        return factor;
    }

    private static long SampleSecondOfDay(ref SandboxRandom rng)
    {
        var target = rng.NextDouble() * CumulativeHours[^1];
        var hour = 0;
        while (hour < 23 && CumulativeHours[hour] < target)
        {
            hour++;
        }
        return hour * 3600L + rng.Next(3600);
    }

    /// <summary>What every order of a day draws from: the customers acquired so far and the flows sending that day.</summary>
    private readonly record struct DayShape(int Pool, SandboxFlowMessage[] LiveFlowMessages, double FlowVolume)
    {
        public static DayShape Of(SandboxCatalog catalog, DateOnly day)
        {
            var progress = (double)catalog.HistoryIndex(day) / catalog.HistoryDays;
            var pool = Math.Max(50, (int)(catalog.Account.CustomerPool * (0.35 + 0.65 * progress)));
            var live = catalog.FlowMessages.Where(m => m.Flow.SendsOn(day) && m.DailyVolume > 0).ToArray();
            return new DayShape(pool, live, live.Sum(m => m.DailyVolume));
        }
    }

    private static double[] Cumulative(double[] weights)
    {
        var result = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            result[i] = sum;
        }
        return result;
    }
}
