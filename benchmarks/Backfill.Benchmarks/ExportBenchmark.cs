using System.Diagnostics;
using System.Globalization;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Data;
using Backfill.Services.Backfill.Export;
using Backfill.Services.Clients;
using Backfill.Services.Storage;
using Backfill.Services.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Benchmarks;

/// <summary>
/// Every export kind in both formats over a year of one account in the embedded store: wall time, rows, bytes, and the
/// managed heap above its level before the export: the peak sampled every few milliseconds (garbage included) and the
/// peak as the GCs during the export left it (what the export keeps alive). Orders are also exported for
/// the last 30 and 182 days, so the peak can be compared across sizes: a streamed export's peak does not grow with
/// the rows. Campaigns and flows also for the last 182 days, which sums their daily statistics. The store is backfilled first (the product's coordinator and engine from the in-process sandbox), or
/// loaded from <c>--store</c> when that file already holds the account.
/// </summary>
internal sealed class ExportBenchmark(ExportBenchmark.Settings settings)
{
    public sealed record Settings(string Account, int Days, string? StorePath, int Repeats);

    public static Settings Parse(string[] args)
    {
        string? Option(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        return new Settings(
            Option("--account") ?? "northloop-outfitters",
            int.Parse(Option("--days") ?? "365", CultureInfo.InvariantCulture),
            Option("--store"),
            int.Parse(Option("--repeats") ?? "1", CultureInfo.InvariantCulture));
    }

    public async Task<int> RunAsync()
    {
        var temporary = settings.StorePath is null ? Path.Combine(Path.GetTempPath(), "backfill-export-bench-" + Guid.NewGuid().ToString("N")) : null;
        var path = settings.StorePath ?? Path.Combine(temporary!, "export.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            await using var store = new EmbeddedDocumentStore(path);
            await using var app = await BackfillBenchmark.StartAppAsync(store);
            var id = ClientId.Parse(settings.Account);
            var queries = app.Services.GetRequiredService<BackfillDataQueries>();
            if (await queries.GetSummaryAsync(id, CancellationToken.None) is { Orders: > 0 } existing)
            {
                Console.WriteLine($"Loaded {path}: {existing.Orders:N0} orders of {settings.Account}, {existing.StartDate:yyyy-MM-dd} to {existing.EndDate:yyyy-MM-dd}");
            }
            else if (!await BackfillAsync(app.Services.GetRequiredService<IBackfillCoordinator>(), id))
            {
                return 1;
            }

            var summary = (await queries.GetSummaryAsync(id, CancellationToken.None))!;
            var exporter = app.Services.GetRequiredService<BackfillExporter>();
            Console.WriteLine();
            Console.WriteLine($"load average before the exports: {LoadAverage()}");
            Console.WriteLine($"{"export",-28} {"rows",9} {"MB out",8} {"seconds",8} {"rows/s",9} {"heap before",11} {"peak above",10} {"after-GC peak",13} {"GCs",4} {"allocated",10}");
            foreach (var kind in Enum.GetValues<ExportKind>())
            {
                foreach (var format in Enum.GetValues<ExportFormat>())
                {
                    // Part of the range: orders to compare peaks across sizes; campaigns and flows to time the daily sums.
                    var ranges = kind switch
                    {
                        ExportKind.Orders => new[] { 30, 182, 0 },
                        ExportKind.Campaigns or ExportKind.Flows => [182, 0],
                        _ => [0],
                    };
                    foreach (var days in ranges)
                    {
                        DateOnly? from = days == 0 ? null : summary.EndDate!.Value.AddDays(1 - days);
                        for (var repeat = 0; repeat < settings.Repeats; repeat++)
                        {
                            await MeasureAsync(exporter, new ExportRequest(id, kind, format, from, null), days == 0 ? "all" : $"last {days} d");
                        }
                    }
                }
            }

            Console.WriteLine($"load average after the exports: {LoadAverage()}");
            Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MB");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (temporary is not null)
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private async Task<bool> BackfillAsync(IBackfillCoordinator coordinator, ClientId id)
    {
        Console.WriteLine($"Backfilling {settings.Days} days of {settings.Account} from the in-process sandbox (Klaviyo's real rate limits; about 3 minutes for a year)…");
        var added = await coordinator.AddClientAsync(new NewClient(settings.Account, settings.Account, SandboxAccount: true));
        if (!added.Accepted)
        {
            Console.WriteLine($"could not add the client: {added.Message}");
            return false;
        }

        using var subscription = coordinator.Subscribe();
        var clock = Stopwatch.StartNew();
        var started = await coordinator.StartAsync(id, new BackfillRequest(Days: settings.Days));
        if (!started.Accepted)
        {
            Console.WriteLine($"could not start: {started.Message}");
            return false;
        }

        await foreach (var board in subscription.Updates.ReadAllAsync())
        {
            if (board.Find(id) is { State: BackfillState.Completed or BackfillState.Failed or BackfillState.Cancelled } done)
            {
                Console.WriteLine($"backfill {done.State.ToWire()} in {clock.Elapsed.TotalSeconds:N0} s: {done.Orders:N0} orders");
                return done.State == BackfillState.Completed;
            }
        }

        return false;
    }

    private static async Task MeasureAsync(BackfillExporter exporter, ExportRequest request, string range)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peak = before;
        // The sampled heap includes garbage the GC has not yet had reason to collect (a big gen0 budget on this machine);
        // the heap as each GC during the export left it is what the export keeps alive.
        var gcBefore = GC.GetGCMemoryInfo(GCKind.Any).Index;
        long peakAfterGc = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            try
            {
                while (await timer.WaitForNextTickAsync(sampling.Token))
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    if (GC.GetGCMemoryInfo(GCKind.Any) is { } info && info.Index > gcBefore)
                    {
                        peakAfterGc = Math.Max(peakAfterGc, info.HeapSizeBytes - info.FragmentedBytes);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The export is done.
            }
        });
        var sink = new DiscardingStream();
        var clock = Stopwatch.StartNew();
        var rows = await exporter.WriteAsync(request, sink, CancellationToken.None);
        var elapsed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = GC.GetGCMemoryInfo(GCKind.Any).Index - gcBefore;
        Console.WriteLine(
            $"{request.KindName + " " + request.FormatName + " (" + range + ")",-28} {rows,9:N0} {sink.Bytes / 1024.0 / 1024.0,8:N1} {elapsed.TotalSeconds,8:N2} " +
            $"{rows / elapsed.TotalSeconds,9:N0} {Mb(before),11} {Mb(peak - before),10} {(collections > 0 ? Mb(peakAfterGc - before) : "-"),13} {collections,4} {Mb(allocated),10}");
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N1} MB";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Where the file goes: counted and dropped, and, like Kestrel's response body, asynchronous writes only.</summary>
    private sealed class DiscardingStream : Stream
    {
        public long Bytes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Bytes;

        public override long Position
        {
            get => Bytes;
            set => throw new NotSupportedException();
        }

        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Bytes += count;
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
