using System.Globalization;
using System.Text;
using Backfill.Services.Backfill;
using Backfill.Web.Components.Layout;
using Backfill.Web.Components.Manager;
using Backfill.Web.Components.Manager.Triage;
using Backfill.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// The manager's first render without its rows: the layout (app bar, drawer, providers, theme), the page's toolbar,
/// triage summary, bulk bar, sort select, pagination and the grid's header, each measured in the server's render batch
/// bytes (<see cref="RenderBatchMeter"/>). At 20 clients the first row still took 240 KiB over the circuit, so this part
/// was most of the first render (benchmarks/manager.sh).
/// </summary>
public sealed class ManagerFixedPartBytesTests : ManagerTestContext
{
    // Measured here: 180 KB with the sprite in the grid, twelve rows and the pagination in the first batch; 137 KB with
    // the sprite in the document, eight rows and the pagination in the next batch. The bound leaves room for longer
    // names, not for the sprite or four more rows to come back.
    private const long MaxFirstBatchBytes = 150_000;

    // The grid's header and its select-all box; the sprite alone was 7.4 KB.
    private const long MaxEmptyGridBytes = 4_000;

    public ManagerFixedPartBytesTests()
    {
        Services.AddScoped<ThemePreference>();
        Services.AddSingleton(new AccessMode(IsLocal: true, GoogleSignIn: false));
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new TriageOptions()));
    }

    [Fact]
    public async Task FirstBatch_At500Clients_FitsItsBudget_AndTheGridCarriesNoIconSprite()
    {
        var parts = new List<(string Part, long Bytes)>
        {
            ("whole layout, empty page", await BytesAsync<MainLayout>(new() { [nameof(LayoutComponentBase.Body)] = (RenderFragment)(_ => { }) })),
            ("  MudThemeProvider", await BytesAsync<MudThemeProvider>(new() { [nameof(MudThemeProvider.Theme)] = BackfillTheme.Theme })),
            ("  MudPopoverProvider", await BytesAsync<MudPopoverProvider>(new())),
            ("  MudDialogProvider", await BytesAsync<MudDialogProvider>(new())),
            ("  MudSnackbarProvider", await BytesAsync<MudSnackbarProvider>(new())),
            ("  NavMenu", await BytesAsync<NavMenu>(new())),
            ("toolbar", await BytesAsync<BackfillToolbar>(new() { [nameof(BackfillToolbar.CanOperate)] = true })),
            ("  one MudButton with a start icon", await BytesAsync<MudButton>(new() { [nameof(MudButton.StartIcon)] = Icons.Material.Filled.PlayCircle, [nameof(MudButton.Variant)] = Variant.Outlined, [nameof(MudButton.ChildContent)] = (RenderFragment)(b => b.AddContent(0, "Start all")) })),
            ("  the search MudTextField", await BytesAsync<MudTextField<string>>(new() { [nameof(MudTextField<string>.Label)] = "Search clients", [nameof(MudTextField<string>.Clearable)] = true, [nameof(MudTextField<string>.Variant)] = Variant.Outlined, [nameof(MudTextField<string>.Margin)] = Margin.Dense, [nameof(MudTextField<string>.Adornment)] = Adornment.Start, [nameof(MudTextField<string>.AdornmentIcon)] = Icons.Material.Filled.Search })),
            ("triage summary", await BytesAsync<TriageSummary>(new() { [nameof(TriageSummary.Counts)] = new TriageCounts(500, 12, 0, 3, 40, 400) })),
            ("bulk bar", await BytesAsync<BulkBar>(new() { [nameof(BulkBar.MatchingCount)] = 500, [nameof(BulkBar.CanOperate)] = true })),
            ("sort select", await BytesAsync<MudSelect<TriageSort>>(new()
            {
                [nameof(MudSelect<TriageSort>.Label)] = "Sort by",
                [nameof(MudSelect<TriageSort>.Dense)] = true,
                [nameof(MudSelect<TriageSort>.Variant)] = Variant.Outlined,
                [nameof(MudSelect<TriageSort>.Margin)] = Margin.Dense,
                [nameof(MudSelect<TriageSort>.ChildContent)] = (RenderFragment)(builder =>
                {
                    foreach (var sort in Enum.GetValues<TriageSort>())
                    {
                        builder.OpenComponent<MudSelectItem<TriageSort>>(0);
                        builder.AddAttribute(1, nameof(MudSelectItem<TriageSort>.Value), sort);
                        builder.AddAttribute(2, nameof(MudSelectItem<TriageSort>.ChildContent), (RenderFragment)(b => b.AddContent(0, BoardTriage.Label(sort))));
                        builder.CloseComponent();
                    }
                }),
            })),
            ("pagination (10 pages)", await BytesAsync<MudPagination>(new() { [nameof(MudPagination.Count)] = 10, [nameof(MudPagination.Size)] = Size.Small })),
            ("grid header, no rows (with the sprite)", await BytesAsync<ClientGrid>(new() { [nameof(ClientGrid.Statuses)] = (IReadOnlyList<BackfillStatus>)[] })),
            ("  icon sprite (its markup, UTF-8)", Encoding.UTF8.GetByteCount(ActionIcons.Sprite)),
        };

        Coordinator.Publish([.. Enumerable.Range(0, 500).Select(i => Status($"gen-{i:D4}", name: $"Generated Store {i:D4}"))]);
        var whole = new RenderBatchMeter(Services);
        await whole.RenderAsync<MainLayout>(new Dictionary<string, object?> { [nameof(LayoutComponentBase.Body)] = (RenderFragment)(builder => { builder.OpenComponent<BackfillManager>(0); builder.CloseComponent(); }) });
        await Task.Delay(TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"layout + manager, 500 clients: batches {string.Join(", ", whole.Batches.Select(b => b.ToString("N0", CultureInfo.InvariantCulture)))} B");
        foreach (var (part, bytes) in parts)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{part}: {bytes:N0} B");
        }

        Assert.True(whole.Batches[0] < MaxFirstBatchBytes, $"first batch {whole.Batches[0]:N0} B");
        Assert.True(parts.Single(p => p.Part.StartsWith("grid header", StringComparison.Ordinal)).Bytes < MaxEmptyGridBytes);
        Assert.True(whole.Batches.Count >= 2, "the rest of the page (rows, pagination) comes after the first batch");
    }

    private async Task<long> BytesAsync<TComponent>(Dictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        var meter = new RenderBatchMeter(Services);
        await meter.RenderAsync<TComponent>(parameters);
        await Task.Delay(TimeSpan.FromMilliseconds(50), TestContext.Current.CancellationToken);
        return meter.TotalBytes;
    }
}
