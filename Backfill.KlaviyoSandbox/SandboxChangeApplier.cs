using System.Collections.Immutable;
using System.Globalization;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Turns one validated change request into the account's next <see cref="SandboxChangeSet"/>. Every choice (which
/// orders to delete, which campaigns to edit, when added orders happened) is drawn from the seed and the change
/// counter, so the same requests after an undo give the same ids. Deletions apply first, so a request never deletes
/// what it adds and never edits a campaign it deletes.
/// </summary>
internal static class SandboxChangeApplier
{
    public static (SandboxChangeSet Next, SandboxChangeReport Report) Apply(
        SandboxCatalog catalog, SandboxChangeSet current, SandboxChangeRequest request, DateTimeOffset now)
    {
        var counter = current.Counter + 1;
        var seed = SandboxRandom.Hash(catalog.AccountSeed, 0xC4A6E, (ulong)counter);
        var set = current with { Counter = counter };
        var notes = new List<string>();

        var deletedOrders = new List<SandboxChangeReport.DayOrders>();
        for (var i = 0; i < request.DeleteOrders.Count; i++)
        {
            var (day, count) = request.DeleteOrders[i];
            var candidates = SandboxOrders.OfDay(catalog, set, day).Where(o => !o.Secondary).ToList();
            var chosen = Pick(candidates, count, o => o.Id, SandboxRandom.Hash(seed, 0xDE1, (ulong)i))
                .OrderBy(o => o, Comparer<SandboxOrder>.Create(SandboxOrderDay.Chronological))
                .Select(o => o.Id)
                .ToList();
            if (chosen.Count < count)
            {
                notes.Add(Invariant($"{Date(day)} had {chosen.Count} order(s), fewer than the {count} asked for: deleted all {chosen.Count}."));
            }
            var ids = set.Deletions.GetValueOrDefault(day) ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal);
            set = set with { Deletions = set.Deletions.SetItem(day, ids.Union(chosen)) };
            deletedOrders.Add(new(Date(day), count, chosen));
        }

        var addedOrders = new List<SandboxChangeReport.DayOrders>();
        var latest = now.ToUnixTimeSeconds();
        for (var i = 0; i < request.AddOrders.Count; i++)
        {
            var (day, count) = request.AddOrders[i];
            // Numbered after every order the generator can produce (at most 2000 a day), as orders placed now would be.
            var firstNumber = 1001 + (long)catalog.HistoryDays * 2000 + set.ArrivedOrders;
            var arrival = new SandboxOrderArrival(day, SandboxRandom.Hash(seed, 0xADD, (ulong)i), count, firstNumber, latest);
            var batches = set.Arrivals.GetValueOrDefault(day) ?? [];
            set = set with { Arrivals = set.Arrivals.SetItem(day, batches.Add(arrival)), ArrivedOrders = set.ArrivedOrders + count };
            addedOrders.Add(new(Date(day), count, [.. arrival.Generate(catalog).Select(o => o.Id)]));
        }

        var deletedCampaigns = PickIds(catalog.Campaigns.Where(c => !set.DeletedCampaigns.Contains(c.Id)).Select(c => c.Id), request.DeleteCampaigns,
            SandboxRandom.Hash(seed, 0xCD), "campaign", notes);
        set = set with { DeletedCampaigns = set.DeletedCampaigns.Union(deletedCampaigns) };
        var deletedFlows = PickIds(catalog.Flows.Where(f => !set.DeletedFlows.Contains(f.Id)).Select(f => f.Id), request.DeleteFlows,
            SandboxRandom.Hash(seed, 0xFD), "flow", notes);
        set = set with { DeletedFlows = set.DeletedFlows.Union(deletedFlows) };

        // Archived campaigns are hidden from a default listing, so edits go to ones a client re-listing would see.
        var editable = catalog.Campaigns.Where(c => !c.Archived && !set.DeletedCampaigns.Contains(c.Id)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var edited = PickIds(editable.Keys, request.UpdateCampaigns, SandboxRandom.Hash(seed, 0xCE), "unarchived campaign", notes);
        var updatedAt = DateTimeOffset.FromUnixTimeSeconds(latest);
        var updatedCampaigns = new List<SandboxChangeReport.CampaignChange>();
        foreach (var id in edited)
        {
            var edits = (set.CampaignEdits.GetValueOrDefault(id)?.Edits ?? 0) + 1;
            var edit = new SandboxCampaignEdit(Invariant($"{editable[id].Name} (edit {edits})"), updatedAt, edits);
            set = set with { CampaignEdits = set.CampaignEdits.SetItem(id, edit) };
            updatedCampaigns.Add(new(id, edit.Name, SandboxCatalog.Iso(updatedAt)));
        }

        var totals = new SandboxChangeReport.Cumulative(
            set.ArrivedOrders, set.Deletions.Values.Sum(d => (long)d.Count), set.CampaignEdits.Count, set.DeletedCampaigns.Count, set.DeletedFlows.Count);
        var report = new SandboxChangeReport(
            request.Account.Slug, counter, SandboxCatalog.Iso(updatedAt), addedOrders, deletedOrders, updatedCampaigns,
            deletedCampaigns, deletedFlows, notes, totals);
        return (set, report);
    }

    /// <summary>Up to <paramref name="count"/> items, in an order drawn from <paramref name="seed"/> (ties by id).</summary>
    private static IEnumerable<T> Pick<T>(IEnumerable<T> candidates, int count, Func<T, string> id, ulong seed) =>
        candidates
            .Select(c => (Item: c, Id: id(c), Rank: SandboxRandom.Hash(seed, SandboxRandom.HashString(id(c)))))
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Id, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Item);

    private static List<string> PickIds(IEnumerable<string> ids, int count, ulong seed, string kind, List<string> notes)
    {
        var chosen = Pick(ids, count, id => id, seed).Order(StringComparer.Ordinal).ToList();
        if (chosen.Count < count)
        {
            notes.Add(Invariant($"Only {chosen.Count} {kind}(s) left to change, fewer than the {count} asked for: changed all {chosen.Count}."));
        }
        return chosen;
    }

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
