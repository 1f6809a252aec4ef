using System.Diagnostics;
using System.Globalization;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;

namespace Backfill.Benchmarks;

/// <summary>
/// Writes order documents through the bulk writer into the Firestore emulator and the embedded store, reads them
/// back by streamed query and by aggregation, and compares the bulk writer with two emulator baselines:
/// one request per document and a sequential loop of 500-write commits.
/// </summary>
internal sealed class StoreBenchmark(StoreBenchmark.Settings settings) : IDisposable
{
    public sealed record Settings(int Documents, int BaselineDocuments, bool RunEmulator, bool RunEmbedded, int? BulkBatchSize, int? BulkConcurrency, int? QueryPageSize, bool Only, bool Sweep, bool SkipReadBack);

    // Naive code awaits one write per document in a loop; the parallel variant shows what bounded concurrency alone buys.
    private const int ParallelPerDocument = 8;
    private const int CommitSize = 500;
    private readonly List<(string Phase, long Docs, double Seconds)> _results = [];
    private readonly MemorySampler _memory = new();
    private TimeSpan _phaseCpu;
    private TimeSpan? _phaseEmulatorCpu;

    public async Task<int> RunAsync()
    {
        var failures = 0;
        var sample = OrderDocuments.Generate(CollectionPath.Of("x"), 200).ToArray();
        var names = new FirestoreResourceNames("bench", "(default)");
        Console.WriteLine($"Documents: {settings.Documents:N0} orders; average Firestore size {sample.Average(o => DocumentSize.Of(o.Write.Path, ((SetWrite)o.Write).Fields)):N0} B, "
            + $"average REST JSON {sample.Average(o => FirestoreWriteEncoder.Encode(o.Write, names).Length):N0} B");

        if (settings.RunEmulator)
        {
            failures += await RunEmulatorAsync();
        }

        if (settings.RunEmbedded)
        {
            failures += await RunEmbeddedAsync();
        }

        PrintSummary();
        return failures == 0 ? 0 : 1;
    }

    private async Task<int> RunEmulatorAsync()
    {
        var host = Environment.GetEnvironmentVariable(FirestoreOptions.EmulatorHostVariable);
        if (string.IsNullOrWhiteSpace(host))
        {
            Console.WriteLine("Emulator: skipped, FIRESTORE_EMULATOR_HOST is not set (benchmarks/store.sh starts one).");
            return 0;
        }

        var projectId = $"bench-{DateTime.UtcNow:HHmmss}";
        using var store = FirestoreDocumentStore.Create(new FirestoreOptions { ProjectId = projectId, EmulatorHost = host, QueryPageSize = settings.QueryPageSize });
        using var wipe = new HttpClient();
        Console.WriteLine($"Emulator: {store.Description.Target}; bulk writer {(settings.BulkBatchSize is null && settings.BulkConcurrency is null ? store.ResolveBulkWriterSettings() : settings)}");
        var health = await store.CheckHealthAsync();
        if (!health.Healthy)
        {
            Console.WriteLine($"Emulator: not healthy: {health.Error}");
            return 1;
        }

        async Task WipeAsync()
        {
            using var response = await wipe.DeleteAsync(new Uri($"http://{host}/emulator/v1/projects/{projectId}/databases/(default)/documents"));
            response.EnsureSuccessStatusCode();
        }

        // The emulator's JVM speeds up severalfold while it warms; warm both write paths before measuring.
        var warm = CollectionPath.Of("warmup");
        await BulkWriteAsync(store, warm, 10_000, "warm-up bulk", record: false);
        await SequentialCommitsAsync(store, warm, 10_000, "warm-up commits", record: false);
        await WipeAsync();

        if (settings.Sweep)
        {
            await SweepAsync(store, WipeAsync);
            return 0;
        }

        var failures = 0;
        var orders = CollectionPath.Of("orders");
        var (written, expectedCents) = await BulkWriteAsync(store, orders, settings.Documents, "emulator bulk write");
        failures += settings.SkipReadBack ? 0 : await VerifyAsync(store, orders, written, expectedCents, "emulator");
        await WipeAsync();
        if (settings.Only)
        {
            return failures;
        }

        await SequentialCommitsAsync(store, CollectionPath.Of("sequential"), settings.Documents, $"emulator sequential commits of {CommitSize}");
        await WipeAsync();

        await PerDocumentAsync(store, CollectionPath.Of("single"), settings.BaselineDocuments, parallelism: 1);
        await WipeAsync();
        await PerDocumentAsync(store, CollectionPath.Of("single-parallel"), settings.BaselineDocuments, ParallelPerDocument);
        await WipeAsync();
        return failures;
    }

    /// <summary>
    /// Tuning aid: bulk writer configurations against the sequential-commit baseline, alternated so load drifts hit
    /// both; each line also shows the CPU per document of this process and of the emulator.
    /// </summary>
    private async Task SweepAsync(FirestoreDocumentStore store, Func<Task> wipeAsync)
    {
        (int Batch, int Concurrency)[] configurations = [(100, 8), (500, 4), (250, 4), (500, 2), (100, 4), (100, 8)];
        foreach (var (batch, concurrency) in configurations)
        {
            var watch = StartPhase();
            await using (var writer = store.CreateBulkWriter(new BulkWriterOptions { MaxBatchSize = batch, MaxConcurrentRequests = concurrency }))
            {
                foreach (var order in OrderDocuments.Generate(CollectionPath.Of("sweep"), settings.BaselineDocuments))
                {
                    await writer.AddAsync(order.Write);
                }

                await writer.CloseAsync();
            }

            var bulk = settings.BaselineDocuments / watch.Elapsed.TotalSeconds;
            Report($"emulator sweep bulk {batch} x {concurrency}", settings.BaselineDocuments, watch.Elapsed, record: false);
            await wipeAsync();
            watch.Restart();
            await SequentialCommitsAsync(store, CollectionPath.Of("sweep"), settings.BaselineDocuments, "emulator sweep sequential", record: false);
            var sequential = settings.BaselineDocuments / watch.Elapsed.TotalSeconds;
            await wipeAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep batch {batch} x {concurrency}: bulk {bulk:N0} docs/s, sequential {sequential:N0} docs/s, ratio {bulk / sequential:N2}"));
        }
    }

    /// <summary>
    /// What building the documents alone costs (the benchmark's own share of every write phase, on the caller's
    /// thread), so the stores' figures can be read against it.
    /// </summary>
    private void MeasureGenerator()
    {
        var watch = StartPhase();
        long cents = 0;
        foreach (var order in OrderDocuments.Generate(CollectionPath.Of("generator"), settings.Documents))
        {
            cents += order.ValueCents;
        }

        Report("document generation alone (no store)", settings.Documents, watch.Elapsed, true, note: cents.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<int> RunEmbeddedAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"backfill-bench-{Guid.NewGuid():N}.db");
        try
        {
            int failures;
            await using (var store = new EmbeddedDocumentStore(file))
            {
                Console.WriteLine($"Embedded: {store.Description.Target}");
                MeasureGenerator();
                var orders = CollectionPath.Of("orders");
                var (written, expectedCents) = await BulkWriteAsync(store, orders, settings.Documents, "embedded bulk write");
                failures = await VerifyAsync(store, orders, written, expectedCents, "embedded");
            }

            Console.WriteLine($"Embedded: database file {new FileInfo(file).Length / 1024.0 / 1024.0:N1} MiB");
            return failures;
        }
        finally
        {
            foreach (var leftover in Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(file) + "*"))
            {
                File.Delete(leftover);
            }
        }
    }

    private async Task<(long Written, long ExpectedCents)> BulkWriteAsync(IDocumentStore store, CollectionPath collection, int count, string phase, bool record = true)
    {
        long expectedCents = 0;
        var watch = StartPhase();
        BulkWriteSummary summary;
        var options = settings.BulkBatchSize is null && settings.BulkConcurrency is null ? null : new BulkWriterOptions
        {
            MaxBatchSize = settings.BulkBatchSize ?? new BulkWriterOptions().MaxBatchSize,
            MaxConcurrentRequests = settings.BulkConcurrency ?? new BulkWriterOptions().MaxConcurrentRequests,
        };
        await using (var writer = store.CreateBulkWriter(options))
        {
            foreach (var order in OrderDocuments.Generate(collection, count))
            {
                expectedCents += order.ValueCents;
                await writer.AddAsync(order.Write);
            }

            summary = await writer.CloseAsync();
        }

        Report(phase, summary.Succeeded, watch.Elapsed, record, $"retries {summary.Retries}, failures {summary.Failures.Count}");
        foreach (var failure in summary.Failures.Take(5))
        {
            Console.WriteLine($"  failed: {failure.Path}: {failure.Error?.Message}");
        }

        return (summary.Succeeded, expectedCents);
    }

    private async Task<int> VerifyAsync(IDocumentStore store, CollectionPath collection, long written, long expectedCents, string name)
    {
        var watch = StartPhase();
        long count = 0, cents = 0;
        await foreach (var document in store.QueryAsync(Query.Collection(collection)))
        {
            count++;
            cents += document.Get<long>("value_cents");
        }

        Report($"{name} query read-back", count, watch.Elapsed, true, $"checksum {(cents == expectedCents ? "ok" : $"MISMATCH {cents} != {expectedCents}")}");

        watch.Restart();
        var aggregate = await store.AggregateAsync(Query.Collection(collection), [Aggregation.Count(), Aggregation.Sum("value_cents")]);
        var aggregateOk = aggregate.Count() == written && (long)aggregate.Sum() == expectedCents;
        Console.WriteLine($"{name} aggregation: count {aggregate.Count():N0}, sum {aggregate.Sum():N0} in {watch.Elapsed.TotalSeconds:N2} s ({(aggregateOk ? "ok" : "MISMATCH")})");
        return count == written && cents == expectedCents && aggregateOk && written == settings.Documents ? 0 : 1;
    }

    private async Task SequentialCommitsAsync(FirestoreDocumentStore store, CollectionPath collection, int count, string phase, bool record = true)
    {
        var watch = StartPhase();
        long written = 0;
        foreach (var chunk in OrderDocuments.Generate(collection, count).Chunk(CommitSize))
        {
            await store.CommitAsync(chunk.Select(o => o.Write).ToArray());
            written += chunk.Length;
        }

        Report(phase, written, watch.Elapsed, record);
    }

    private async Task PerDocumentAsync(FirestoreDocumentStore store, CollectionPath collection, int count, int parallelism)
    {
        var watch = StartPhase();
        long written = 0;
        await Parallel.ForEachAsync(OrderDocuments.Generate(collection, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (order, ct) =>
        {
            await store.CommitAsync([order.Write], ct);
            Interlocked.Increment(ref written);
        });

        var label = parallelism == 1 ? "emulator one request per document, sequential" : $"emulator one request per document x{parallelism} in parallel";
        Report($"{label} ({count:N0} docs)", written, watch.Elapsed, true);
    }

    /// <summary>
    /// Starts timing a phase, and notes this process's CPU time so the phase can report CPU per document too:
    /// on a shared machine wall-clock rates swing with other load, the CPU cost much less.
    /// </summary>
    private Stopwatch StartPhase()
    {
        _phaseCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _phaseEmulatorCpu = EmulatorCpu();
        return Stopwatch.StartNew();
    }

    /// <summary>
    /// CPU time of the emulator process that benchmarks/store.sh started (BENCH_EMULATOR_PID), read from /proc;
    /// null when unknown. The emulator shares the machine's cores, so its CPU per document is what bounds the
    /// rates here, and unlike them it hardly moves with other load.
    /// </summary>
    private static TimeSpan? EmulatorCpu()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("BENCH_EMULATOR_PID"), CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            // Fields after the ")" that closes the command name: state is [0], utime [11], stime [12], in clock ticks.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void Report(string phase, long docs, TimeSpan elapsed, bool record, string? note = null)
    {
        var rate = docs / elapsed.TotalSeconds;
        var cpuPerDocument = (Process.GetCurrentProcess().TotalProcessorTime - _phaseCpu).TotalMicroseconds / Math.Max(docs, 1);
        var emulatorCpu = EmulatorCpu() - _phaseEmulatorCpu;
        var emulatorNote = emulatorCpu is { } e && phase.StartsWith("emulator", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $", emulator CPU {e.TotalMicroseconds / Math.Max(docs, 1):N0} µs/doc")
            : "";
        if (record)
        {
            _results.Add((phase, docs, elapsed.TotalSeconds));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {docs:N0} docs in {elapsed.TotalSeconds:N2} s = {rate:N0} docs/s{(note is null ? "" : $" ({note})")}; benchmark process CPU {cpuPerDocument:N1} µs/doc{emulatorNote}; managed heap peak so far {_memory.PeakManagedBytes / 1048576.0:N0} MiB"));
    }

    private void PrintSummary()
    {
        double Rate(string prefix) => _results.Where(r => r.Phase.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Docs / r.Seconds).DefaultIfEmpty(double.NaN).First();

        Console.WriteLine();
        Console.WriteLine("Summary");
        foreach (var (phase, docs, seconds) in _results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase,-55} {docs / seconds,10:N0} docs/s"));
        }

        var bulk = Rate("emulator bulk write");
        var perDocument = Rate("emulator one request per document, sequential");
        var perDocumentParallel = Rate("emulator one request per document x");
        var sequential = Rate("emulator sequential commits");
        var embedded = Rate("embedded bulk write");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bulk vs one request per document (naive loop): {bulk / perDocument:N2}x (target >= 10x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bulk vs one request per document x{ParallelPerDocument} in parallel: {bulk / perDocumentParallel:N2}x (for reference)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bulk vs sequential 500-write commits: {bulk / sequential:N2}x (target >= 1.25x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  embedded bulk write: {embedded:N0} docs/s (target >= 20,000)"));

        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peak working set {process.PeakWorkingSet64 / 1048576.0:N0} MiB; peak managed heap (sampled) {_memory.PeakManagedBytes / 1048576.0:N0} MiB; "
            + $"GC heap now {gc.HeapSizeBytes / 1048576.0:N0} MiB; gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}; "
            + $"allocated {GC.GetTotalAllocatedBytes() / 1073741824.0:N1} GiB"));
    }

    public void Dispose() => _memory.Dispose();

    /// <summary>Samples the managed heap a few times a second, for a peak that GC timing cannot hide.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));

        public long PeakManagedBytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var now = GC.GetTotalMemory(false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }
    }
}
