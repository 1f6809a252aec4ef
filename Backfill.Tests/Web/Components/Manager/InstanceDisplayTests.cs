using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Leases;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Backfill.Tests.Web.Components.Manager;

/// <summary>Several instances on one store: the manager names the instance holding each active run, and its own id.</summary>
public sealed class InstanceDisplayTests : ManagerTestContext
{
    public InstanceDisplayTests() => Services.AddSingleton(new InstanceIdentity("web-1"));

    [Fact]
    public void Render_ActiveRunsHeldHereAndElsewhere_ChipNamesTheHolder_AndTheHeaderThisInstance()
    {
        Coordinator.Publish(
            Status("acme", BackfillState.InProgress) with { Instance = "web-1" },
            Status("bravo", BackfillState.Queued) with { Instance = "web-2" },
            Status("done", BackfillState.Completed) with { Instance = "web-2" });

        var cut = RenderManager();

        Assert.Contains("web-1", cut.Find("[data-testid='this-instance']").TextContent, StringComparison.Ordinal);
        var here = cut.Find("[data-testid='instance-acme']");
        Assert.Equal(("web-1 (here)", "true"), (here.TextContent.Trim(), here.GetAttribute("data-here")));
        var elsewhere = cut.Find("[data-testid='instance-bravo']");
        Assert.Equal(("web-2", "false"), (elsewhere.TextContent.Trim(), elsewhere.GetAttribute("data-here")));
        Assert.Contains("web-2", elsewhere.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='instance-done']"));
    }

    [Fact]
    public void Publish_TheRunMovesToAnotherInstance_TheChipFollows()
    {
        Coordinator.Publish(Status("acme", BackfillState.InProgress) with { Instance = "web-1" });
        var cut = RenderManager();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid='instance-acme']").GetAttribute("data-here")));

        Coordinator.Publish(Status("acme", BackfillState.InProgress) with { Instance = "web-3" });

        cut.WaitForAssertion(() => Assert.Equal("web-3", cut.Find("[data-testid='instance-acme']").TextContent.Trim()));
        Assert.Equal("false", cut.Find("[data-testid='instance-acme']").GetAttribute("data-here"));
    }
}
