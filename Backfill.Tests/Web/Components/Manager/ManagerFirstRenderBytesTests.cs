using Backfill.Services.Alerts;
using Backfill.Tests.Infrastructure;
using Backfill.Tests.Quota;
using Backfill.Services.Backfill;
using Backfill.Services.Quota;
using Backfill.Services.Storage.Embedded;
using Backfill.Web.Components.Manager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// What a grid row costs the circuit on the manager's first render, in the server's render batch bytes (the wire format
/// Blazor Server sends): the rows are most of the page's first render at 50 a page (benchmarks/manager.sh).
/// </summary>
public sealed class ManagerFirstRenderBytesTests : ManagerTestContext
{
    // Measured here: 13.6 KB a row with twelve buttons and MudBlazor chips and bar per row, 8.0 KB with the run
    // commands that fit, the rest in a menu rendered on open, and plain chips and bar. The bound leaves room for longer
    // names and an error preview, not for a return of per-row components or a second render of every row.
    private const long MaxBytesPerRow = 9_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("manager-bytes-").FullName;
    private readonly EmbeddedDocumentStore _store;

    public ManagerFirstRenderBytesTests()
    {
        _store = new EmbeddedDocumentStore(Path.Combine(_directory, "store.db"));
        var alerts = new ServiceCollection().AddSingleton<IAlertSignals>(new RecordingAlertSignals()).BuildServiceProvider();
        Services.AddSingleton(new ReportingQuotaLedger(
            _store, Clock, Options.Create(new ReportingQuotaOptions()), alerts, NullLogger<ReportingQuotaLedger>.Instance));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Grid_FirstRender_EachRowCostsAFewKilobytes_AndAScreenfulComesFirst()
    {
        var one = await RenderGridAsync(1);
        var fifty = await RenderGridAsync(50);

        var perRow = (fifty.TotalBytes - one.TotalBytes) / 49;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"1 row: {one.TotalBytes:N0} B in {one.Batches.Count} batches; 50 rows: {fifty.TotalBytes:N0} B in {fifty.Batches.Count} batches "
            + $"({string.Join(", ", fifty.Batches.Select(b => b.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}); {perRow:N0} B a row");
        Assert.True(perRow < MaxBytesPerRow, $"{perRow:N0} bytes a row");

        // A screenful first (ClientGrid.FirstRenderRows), the rest of the page in the next batch.
        Assert.Equal(2, fifty.Batches.Count);
        Assert.True(fifty.Batches[0] < fifty.TotalBytes / 3, $"first batch {fifty.Batches[0]:N0} of {fifty.TotalBytes:N0} bytes");
    }

    private async Task<RenderBatchMeter> RenderGridAsync(int rows)
    {
        var meter = new RenderBatchMeter(Services);
        await meter.RenderAsync<ClientGrid>(new Dictionary<string, object?>
        {
            [nameof(ClientGrid.Statuses)] = (IReadOnlyList<BackfillStatus>)[.. Enumerable.Range(0, rows).Select(Row)],
            [nameof(ClientGrid.CanOperate)] = true,
        });

        // The budget read finishes after the first render: its render lands in the same meter.
        await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        return meter;
    }

    // The benchmark's mix: mostly clients never run, some done with coverage, a few running.
    private static BackfillStatus Row(int i)
    {
        var status = Status($"generated-{i:D3}", name: $"Generated Store {i:D3}");
        return (i % 10) switch
        {
            0 => status with
            {
                State = BackfillState.InProgress, StartedAt = Noon.AddHours(-1), UpdatedAt = Noon, TotalDays = 730, DaysCompleted = 100 + i,
                Orders = 1234 + i, KlaviyoRequests = 200 + i, CurrentDate = new DateOnly(2025, 1, 1).AddDays(i),
                RangeStart = new DateOnly(2024, 3, 13), RangeEnd = new DateOnly(2026, 3, 13),
            },
            1 or 2 => status with
            {
                State = BackfillState.Completed, StartedAt = Noon.AddDays(-1), UpdatedAt = Noon.AddHours(-20), TotalDays = 730, DaysCompleted = 730,
                Orders = 54321 + i, KlaviyoRequests = 2000 + i, RangeStart = new DateOnly(2024, 3, 13), RangeEnd = new DateOnly(2026, 3, 13),
            },
            _ => status,
        };
    }
}
