using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Backfill.Services.Storage;

namespace Backfill.Tests.Backfilling.Leases;

/// <summary>
/// Two real app processes on one store, each serving the same seeded Klaviyo sandbox: a client's run is held by one
/// instance at a time (its lease), work spreads over both, a cancel reaches the holder from the other, a killed holder's
/// run is finished by the other, and a paused holder that lost its lease writes nothing after it wakes (fencing).
/// </summary>
public abstract class TwoInstancesContract : IAsyncLifetime
{
    private const string Slow = "rogue-creamery";
    private static readonly string[] Clients = ["rogue-creamery", "northloop-outfitters", "alder-and-ash"];

    private readonly List<AppProcess> _apps = [];

    protected string Directory { get; } = Path.Combine(Path.GetTempPath(), "backfill-leases-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Environment variables that point an app process at the shared store.</summary>
    protected abstract IReadOnlyDictionary<string, string> StoreEnvironment { get; }

    /// <summary>
    /// The instances' lease duration: short, so failover tests wait little, but long enough that a renewal gets through
    /// a store slowed by the machine's load (the emulator has taken 20 s for one request under a load of 60).
    /// </summary>
    protected virtual TimeSpan LeaseDuration => TimeSpan.FromSeconds(6);

    /// <summary>A client of the shared store for the test itself (to watch the status document).</summary>
    protected abstract IDocumentStore OpenStore();

    /// <summary>Removes what the test wrote to a store that outlives it, once both instances are stopped.</summary>
    protected virtual Task CleanUpStoreAsync() => Task.CompletedTask;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await CleanUpStoreAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold the file for a moment; the temp folder is cleaned eventually.
        }
    }

    [Fact]
    public async Task StartAll_OnOneInstance_RunsEachClientOnceSpreadOverBoth()
    {
        var (a, b) = await StartBothAsync(latencyMs: 40);
        foreach (var client in Clients)
        {
            await AddClientAsync(a, client);
        }

        await a.PostAsync("/api/backfill/start-all", new { days = 20 }, Ct);
        var finished = new List<JsonElement>();
        foreach (var client in Clients)
        {
            try
            {
                finished.Add(await WaitForAsync(a, client, s => State(s) == "completed", TimeSpan.FromMinutes(4)));
            }
            catch (TimeoutException e)
            {
                // The run may be held by B: its log tells why it has not finished.
                throw new TimeoutException($"{e.Message}\nB:\n{b.Output}", e);
            }
        }

        foreach (var client in Clients)
        {
            var claims = a.CountLines($"Claimed the run lease of {client} ") + b.CountLines($"Claimed the run lease of {client} ");
            Assert.True(claims == 1, $"{client} was claimed {claims} times\nA:\n{a.Output}\nB:\n{b.Output}");
        }

        Assert.All(finished, s => Assert.Equal(1, s.GetProperty("attempts").GetInt32()));
        Assert.Equal(["A", "B"], finished.Select(s => s.GetProperty("instance").GetString()).Distinct().Order());
    }

    [Fact]
    public async Task Cancel_SentToTheInstanceThatDoesNotHoldTheRun_StopsItWithinFiveSeconds()
    {
        var (a, b) = await StartBothAsync(latencyMs: 250);
        await AddClientAsync(a, Slow);
        await a.PostAsync($"/api/backfill/start/{Slow}?days=300", null, Ct);
        await WaitForAsync(a, Slow, s => State(s) == "in_progress" && s.GetProperty("instance").GetString() == "A", TimeSpan.FromMinutes(2));
        await WaitForAsync(b, Slow, s => State(s) == "in_progress", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        await b.PostAsync($"/api/backfill/cancel/{Slow}", null, Ct);
        var cancelled = await WaitForAsync(a, Slow, s => State(s) == "cancelled", TimeSpan.FromSeconds(30));
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cancelled after {clock.Elapsed}");
        Assert.Equal("A", cancelled.GetProperty("instance").GetString());
        Assert.Equal(1, a.CountLines($"Another instance asked to cancel {Slow}"));
    }

    [Fact]
    public async Task KillMinus9OfTheHolder_TheOtherFinishesTheClient_AndEveryDayEqualsTheSandbox()
    {
        var (a, b) = await StartBothAsync(latencyMs: 60);
        await AddClientAsync(a, Slow);
        // 30 days: the kill lands after the third, so most of the run is left for the survivor to take over.
        await a.PostAsync($"/api/backfill/start/{Slow}?days=30", null, Ct);
        await WaitForAsync(a, Slow, s => State(s) == "in_progress" && s.GetProperty("days_completed").GetInt32() >= 3, TimeSpan.FromMinutes(3));

        await a.KillAsync();

        // The lease runs out, then the survivor writes the rest; generous for a loaded machine.
        var done = await WaitForAsync(b, Slow, s => State(s) == "completed", TimeSpan.FromMinutes(5));
        Assert.Equal("B", done.GetProperty("instance").GetString());
        Assert.Equal(30, done.GetProperty("days_completed").GetInt32());
        var validation = await b.PostAsync($"/api/backfill/validate/{Slow}", null, Ct);
        Assert.True(validation.GetProperty("checked_days").GetInt32() >= 30, validation.ToString());
        Assert.Equal(0, validation.GetProperty("mismatched_days").GetInt32());
    }

    [Fact]
    public async Task PausedHolder_PastItsLease_WritesNothingAfterItWakes()
    {
        var (a, b) = await StartBothAsync(latencyMs: 80);
        await AddClientAsync(a, Slow);
        await a.PostAsync($"/api/backfill/start/{Slow}?days=120", null, Ct);
        await WaitForAsync(a, Slow, s => State(s) == "in_progress" && s.GetProperty("days_completed").GetInt32() >= 2, TimeSpan.FromMinutes(3));

        await a.SignalAsync("STOP");
        await WaitForAsync(b, Slow, s => s.GetProperty("instance").GetString() == "B" && State(s) == "in_progress", (4 * LeaseDuration) + TimeSpan.FromMinutes(1));
        using var store = OpenStore() as IDisposable;
        var path = DataLayout.BackfillStatus(ClientId.Parse(Slow));

        // B's API can show its claim a moment before its status write lands (under load, longer): the store is what A
        // would overwrite, so it must name B before A wakes.
        var claimed = Stopwatch.StartNew();
        var before = await ((IDocumentStore)store!).GetAsync(path, Ct);
        while (before!.Fields["instance"] as string != "B" && claimed.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, Ct);
            before = await ((IDocumentStore)store).GetAsync(path, Ct);
        }

        Assert.Equal("B", before.Fields["instance"]);
        var token = (long)before.Fields["lease_token"]!;
        await a.SignalAsync("CONT");

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(8))
        {
            var now = await ((IDocumentStore)store).GetAsync(path, Ct);
            Assert.Equal("B", now!.Fields["instance"]);
            Assert.True((long)now.Fields["lease_token"]! >= token, "the fencing token went back");
            token = (long)now.Fields["lease_token"]!;
            await Task.Delay(100, Ct);
        }

        Assert.True(a.CountLines($"Lost the run lease of {Slow}") >= 1, $"A never noticed it lost the lease:\n{a.Output}");
        var done = await WaitForAsync(b, Slow, s => State(s) == "completed", TimeSpan.FromMinutes(4));
        Assert.Equal("B", done.GetProperty("instance").GetString());
        var validation = await b.PostAsync($"/api/backfill/validate/{Slow}", null, Ct);
        Assert.Equal(0, validation.GetProperty("mismatched_days").GetInt32());
    }

    [Fact]
    public async Task RestartOfBoth_EachClientResumesOnExactlyOneInstance_AndNothingRunsTwice()
    {
        // 20 days: both running clients are killed with most of their days left (northloop-outfitters' are ~10k orders).
        const int Days = 20;
        var (a, b) = await StartBothAsync(latencyMs: 60);
        foreach (var client in Clients)
        {
            await AddClientAsync(a, client);
        }

        await a.PostAsync("/api/backfill/start-all", new { days = Days }, Ct);
        await WaitUntilAsync(
            async () =>
            {
                var running = new List<JsonElement>();
                foreach (var client in Clients)
                {
                    if (await a.StatusAsync(client, Ct) is { } s && State(s) == "in_progress" && s.GetProperty("days_completed").GetInt32() >= 2)
                    {
                        running.Add(s);
                    }
                }

                return running.Select(s => s.GetProperty("instance").GetString()).Distinct().Count() == 2;
            },
            TimeSpan.FromMinutes(3),
            () => $"A:\n{a.Output}\nB:\n{b.Output}");

        await Task.WhenAll(a.KillAsync(), b.KillAsync());
        var unfinished = new List<string>();
        using (var store = OpenStore() as IDisposable)
        {
            foreach (var client in Clients)
            {
                var stored = await ((IDocumentStore)store!).GetAsync(DataLayout.BackfillStatus(ClientId.Parse(client)), Ct);
                if (stored?.Fields["status"] as string != "completed")
                {
                    unfinished.Add(client);
                }
            }
        }

        var (c, d) = await StartBothAsync(latencyMs: 60, "C", "D");

        var finished = new List<JsonElement>();
        foreach (var client in Clients)
        {
            finished.Add(await WaitForAsync(c, client, s => State(s) == "completed", TimeSpan.FromMinutes(6)));
        }

        Assert.True(unfinished.Count >= 2, $"only {unfinished.Count} runs were interrupted");

        // A run's completed status is stored before its instance logs the completion, and the log line reaches this
        // test through a pipe: the status API can show the last run completed a moment before its line is here.
        await WaitUntilAsync(
            () => Task.FromResult(unfinished.All(client => c.CountLines($"Backfill {client} completed") + d.CountLines($"Backfill {client} completed") > 0)),
            TimeSpan.FromSeconds(30),
            () => $"a completion was never logged\nC:\n{c.Output}\nD:\n{d.Output}");
        var logs = $"C:\n{c.Output}\nD:\n{d.Output}";
        foreach (var client in Clients)
        {
            // A run may claim its lease again on the same instance (after a wait for the reporting budget); what must
            // never happen is a run on both, or a run taken from its holder.
            var claimedOn = new[] { c, d }.Where(app => app.CountLines($"Claimed the run lease of {client} ") > 0).ToList();
            var completions = c.CountLines($"Backfill {client} completed") + d.CountLines($"Backfill {client} completed");
            Assert.True(claimedOn.Count == (unfinished.Contains(client) ? 1 : 0), $"{client} was claimed on {claimedOn.Count} instances after the restart\n{logs}");
            Assert.True(completions == (unfinished.Contains(client) ? 1 : 0), $"{client} completed {completions} times after the restart\n{logs}");
        }

        // A run taken from an instance that held it must not happen. When both claim the same expired run at once, the
        // one whose conditional write is refused never held it and says "Did not claim", not "Lost the run lease".
        foreach (var app in new[] { c, d })
        {
            foreach (var client in Clients)
            {
                Assert.True(app.CountLines($"Lost the run lease of {client} ") == 0, $"{app.InstanceId} lost the lease of {client}\n{logs}");
            }
        }

        Assert.All(finished, s => Assert.Equal(Days, s.GetProperty("days_completed").GetInt32()));
        Assert.All(
            finished.Where(s => unfinished.Contains(s.GetProperty("client_id").GetString()!)),
            s => Assert.Contains(s.GetProperty("instance").GetString(), new[] { "C", "D" }));
        foreach (var client in Clients)
        {
            var validation = await c.PostAsync($"/api/backfill/validate/{client}", null, Ct);
            Assert.True(validation.GetProperty("checked_days").GetInt32() >= Days, validation.ToString());
            Assert.Equal(0, validation.GetProperty("mismatched_days").GetInt32());
        }
    }

    private async Task<(AppProcess A, AppProcess B)> StartBothAsync(int latencyMs, string first = "A", string second = "B")
    {
        var environment = new Dictionary<string, string>(StoreEnvironment)
        {
            ["Klaviyo__Sandbox__Enabled"] = "true",
            ["Klaviyo__Sandbox__RateLimitsEnabled"] = "false",
            ["Klaviyo__Sandbox__HistoryEndDate"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Backfill__MaxParallelClients"] = "1",
            ["Backfill__Leases__Duration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Warning",
            ["Backfill__Leases__PollInterval"] = "00:00:00.500",
            ["Alerts__CheckInterval"] = "01:00:00",
            // The tests poll every client's status a few times a second from one caller; the API's per-caller limit
            // (600 reads a minute) is for people and scripts, not for this.
            ["Api__RateLimit__ReadPermitLimit"] = "100000",
            ["Logging__LogLevel__Backfill.Services.Backfill.BackfillCoordinator"] = "Debug",
        };
        foreach (var (key, value) in BackfillTestHost.FastKlaviyo)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        foreach (var client in Clients)
        {
            environment[$"Klaviyo__Sandbox__Faults__{client}__LatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture);
        }

        var starting = new[] { first, second }.Select(id => AppProcess.StartAsync(id, Path.Combine(Directory, id), environment, Ct)).ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            _apps.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        return (starting[0].Result, starting[1].Result);
    }

    private static Task<JsonElement> AddClientAsync(AppProcess app, string slug) =>
        app.PostAsync("/api/clients", new { id = slug, name = slug, sandbox_account = true }, Ct);

    private static string? State(JsonElement status) => status.GetProperty("status").GetString();

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> explain)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException($"not there in {timeout}\n{explain()}");
    }

    private static async Task<JsonElement> WaitForAsync(AppProcess app, string clientId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        JsonElement? last = null;
        while (watch.Elapsed < timeout)
        {
            last = await app.StatusAsync(clientId, Ct);
            if (last is { } status && condition(status))
            {
                return status;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"{clientId} on {app.InstanceId} did not get there in {timeout}; last: {last}\n{app.Output}");
    }
}
