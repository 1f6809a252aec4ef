using System.Globalization;
using Backfill.Benchmarks;

if (args.Length > 0 && args[0] == "backfill")
{
    return await new BackfillBenchmark(BackfillBenchmark.Parse(args[1..])).RunAsync();
}

if (args.Length > 0 && args[0] == "fleet")
{
    return await new FleetBenchmark(FleetBenchmark.Parse(args[1..])).RunAsync();
}

if (args.Length > 0 && args[0] == "fleet-sandbox")
{
    return await FleetSandboxProcess.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "fleet-app")
{
    return await FleetAppProcess.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "memory")
{
    return await new MemoryBenchmark(MemoryBenchmark.Parse(args[1..])).RunAsync();
}

if (args.Length > 0 && args[0] == "memory-sandbox")
{
    return await MemorySandboxProcess.RunAsync();
}

if (args.Length > 0 && args[0] == "event-page")
{
    return await new EventPageBenchmark(EventPageBenchmark.Parse(args[1..])).RunAsync();
}

if (args.Length > 0 && args[0] == "export")
{
    return await new ExportBenchmark(ExportBenchmark.Parse(args[1..])).RunAsync();
}

if (args.Length > 0 && args[0] == "klaviyo")
{
    return await new KlaviyoBenchmark(KlaviyoBenchmark.Parse(args[1..])).RunAsync(CancellationToken.None);
}

// Usage: store [--docs N] [--baseline-docs N] [--skip-emulator] [--skip-embedded] [--bulk-batch N] [--bulk-concurrency N] [--page-size N] [--bulk-only] [--sweep] [--skip-read-back]
if (args.Length == 0 || args[0] != "store")
{
    Console.Error.WriteLine("usage: Backfill.Benchmarks store [--docs 100000] [--baseline-docs 10000] [--skip-emulator] [--skip-embedded]");
    Console.Error.WriteLine("       Backfill.Benchmarks fleet [--store embedded|firestore|both] [--accounts 12] [--large 2] [--days 365] [--seed 16] [--small] [--skip-singles] [--skip-two]");
    Console.Error.WriteLine("       Backfill.Benchmarks memory [--years 1 | --days 420] [--account alder-and-ash]");
    Console.Error.WriteLine("       Backfill.Benchmarks event-page [--account alder-and-ash] [--repeats 6]");
    Console.Error.WriteLine("       Backfill.Benchmarks export [--days 365] [--account northloop-outfitters] [--store path/to/export.db] [--repeats 1]");
    Console.Error.WriteLine("       Backfill.Benchmarks klaviyo [--days 365] [--parallelism 2,4,8,16] [--account northloop-outfitters] [--history-end 2026-06-30] [--latency-ms 0] [--skip-sequential] [--skip-raw]");
    return 2;
}

var settings = new StoreBenchmark.Settings(
    Documents: IntOption("--docs", 100_000),
    BaselineDocuments: IntOption("--baseline-docs", 10_000),
    RunEmulator: !args.Contains("--skip-emulator"),
    RunEmbedded: !args.Contains("--skip-embedded"),
    BulkBatchSize: NullableIntOption("--bulk-batch"),
    BulkConcurrency: NullableIntOption("--bulk-concurrency"),
    QueryPageSize: NullableIntOption("--page-size"),
    Only: args.Contains("--bulk-only"),
    Sweep: args.Contains("--sweep"),
    SkipReadBack: args.Contains("--skip-read-back"));
using var benchmark = new StoreBenchmark(settings);
return await benchmark.RunAsync();

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

int? NullableIntOption(string name) => Array.IndexOf(args, name) >= 0 ? IntOption(name, 0) : null;
