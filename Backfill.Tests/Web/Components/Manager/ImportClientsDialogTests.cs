using Backfill.Services.Backfill;
using Backfill.Services.Clients;
using Backfill.Services.Clients.Onboarding;
using Backfill.Services.Storage;
using Backfill.Web.Components.Manager;
using Backfill.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>The "Import clients" dialog: a dry run on choosing the file, then one import of the valid rows.</summary>
public sealed class ImportClientsDialogTests : ManagerTestContext
{
    private const string Csv = "id,name,klaviyo_secret_name\nnew-one,New One,\nBad Id,Bad,\nacme,Acme again,\n";

    private static readonly ConnectionTestResult Passed = new(true, null, "ok", "sandbox", AccountName: "New One Inc", TimeZone: "UTC", Currency: "EUR");

    private readonly List<(string Csv, bool DryRun)> _calls = [];

    /// <summary>The importer's answers for this CSV: row 1 valid, row 2 invalid, row 3 a duplicate; an import imports row 1.</summary>
    private Task<ClientImportAnswer> Answer(string csv, bool dryRun)
    {
        _calls.Add((csv, dryRun));
        ClientImportRow[] rows =
        [
            new(1, new NewClient("new-one", "New One"), dryRun ? ClientImportOutcome.Valid : ClientImportOutcome.Imported, [], Passed),
            new(2, new NewClient("Bad Id", "Bad"), ClientImportOutcome.Invalid, ["an id is lowercase letters, digits, '-' and '_'"]),
            new(3, new NewClient("acme", "Acme again"), ClientImportOutcome.Duplicate, ["a client with id 'acme' is already registered"]),
        ];
        return Task.FromResult(new ClientImportAnswer(null, new ClientImportResult(dryRun, rows)));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Cut, IDialogReference Dialog)> OpenAsync(Func<string, bool, Task<ClientImportAnswer>> import)
    {
        var cut = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await cut.InvokeAsync(async () => reference = await dialogs.ShowAsync<ImportClientsDialog>(
            "Import clients", new DialogParameters<ImportClientsDialog> { { d => d.Import, import } }));
        cut.WaitForAssertion(() => cut.Find("[data-testid='import-choose']"));
        return (cut, reference!);
    }

    private static void Choose(IRenderedComponent<MudDialogProvider> cut, string csv) =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "clients.csv"));

    [Fact]
    public async Task ChoosingAFile_DryRunsIt_AndShowsEachRowsOutcome()
    {
        var (cut, _) = await OpenAsync(Answer);

        Choose(cut, Csv);

        cut.WaitForAssertion(() => Assert.Equal("valid", cut.Find("[data-testid='import-row-1']").GetAttribute("data-outcome")));
        Assert.Equal((Csv, true), Assert.Single(_calls));
        Assert.Equal("invalid", cut.Find("[data-testid='import-row-2']").GetAttribute("data-outcome"));
        Assert.Contains("lowercase letters", cut.Find("[data-testid='import-row-2']").TextContent, StringComparison.Ordinal);
        Assert.Equal("duplicate", cut.Find("[data-testid='import-row-3']").GetAttribute("data-outcome"));
        Assert.Contains("New One Inc", cut.Find("[data-testid='import-row-1']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing is saved yet", cut.Find("[data-testid='import-summary']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Import 1 valid client", cut.Find("[data-testid='import-submit']").TextContent.Trim());
    }

    [Fact]
    public async Task Import_ImportsInOneStep_ShowsTheOutcome_AndClosesWithTheResult()
    {
        var (cut, dialog) = await OpenAsync(Answer);
        Choose(cut, Csv);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid='import-submit']").HasAttribute("disabled")));

        cut.Find("[data-testid='import-submit']").Click();

        cut.WaitForAssertion(() => Assert.Equal("imported", cut.Find("[data-testid='import-row-1']").GetAttribute("data-outcome")));
        Assert.Equal([(Csv, true), (Csv, false)], _calls);
        Assert.StartsWith("Imported 1 clients", cut.Find("[data-testid='import-summary']").TextContent.Trim(), StringComparison.Ordinal);
        cut.Find("[data-testid='import-close']").Click();
        var result = await dialog.Result;
        Assert.Equal(1, Assert.IsType<ClientImportResult>(result!.Data).Count(ClientImportOutcome.Imported));
    }

    [Fact]
    public async Task NoValidRow_ImportIsDisabled()
    {
        var (cut, _) = await OpenAsync((csv, dryRun) => Task.FromResult(new ClientImportAnswer(null, new ClientImportResult(dryRun,
            [new ClientImportRow(1, new NewClient("acme", "Acme"), ClientImportOutcome.Duplicate, ["taken"])]))));

        Choose(cut, "id,name,klaviyo_secret_name\nacme,Acme,\n");

        cut.WaitForAssertion(() => cut.Find("[data-testid='import-row-1']"));
        Assert.True(cut.Find("[data-testid='import-submit']").HasAttribute("disabled"));
        Assert.Equal("Import 0 valid clients", cut.Find("[data-testid='import-submit']").TextContent.Trim());
    }

    [Fact]
    public async Task AnUnreadableFile_ShowsWhy_AndNoTable()
    {
        var (cut, _) = await OpenAsync((_, _) => Task.FromResult(new ClientImportAnswer("The first line must be the header id,name,klaviyo_secret_name.", null)));

        Choose(cut, "nope\n");

        cut.WaitForAssertion(() => Assert.Contains("must be the header", cut.Find("[data-testid='import-problem']").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid='import-results']"));
    }

    [Fact]
    public void ThroughThePage_TheRealImporterChecksEveryRow_AgainstTheBoard()
    {
        Coordinator.Publish(Status("acme", name: "Acme"));
        var cut = RenderManager();
        cut.Find("[data-testid='import-clients']").Click();
        cut.WaitForAssertion(() => cut.Find("[data-testid='import-choose']"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Csv, "clients.csv"));

        // No key is configured in these tests, so the one well-formed new row fails its connection test.
        cut.WaitForAssertion(() => Assert.Equal("connection_failed", cut.Find("[data-testid='import-row-1']").GetAttribute("data-outcome")));
        Assert.Equal("invalid", cut.Find("[data-testid='import-row-2']").GetAttribute("data-outcome"));
        Assert.Equal("duplicate", cut.Find("[data-testid='import-row-3']").GetAttribute("data-outcome"));
        Assert.True(cut.Find("[data-testid='import-submit']").HasAttribute("disabled"));
        Assert.Empty(Coordinator.Commands);
    }

    [Fact]
    public async Task ForAViewer_TheButtonIsDisabled_AndTheCommandRefuses()
    {
        SignInAs(BackfillRoles.Viewer);
        Coordinator.Publish(Status("acme", name: "Acme"));
        var cut = RenderManager();
        var commands = Services.GetRequiredService<GuardedOnboardingCommands>();

        var answer = await cut.InvokeAsync(() => commands.ImportAsync(Csv, dryRun: false, TestContext.Current.CancellationToken));

        Assert.True(cut.Find("[data-testid='import-clients']").HasAttribute("disabled"));
        Assert.Null(answer.Result);
        Assert.Contains("operator", answer.Refusal, StringComparison.Ordinal);
        Assert.Empty(Coordinator.Commands);
    }
}
