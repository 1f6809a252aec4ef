using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.Logging.Abstractions;

// The renderer's own types: this meter is a renderer, as bUnit's is (BL0006 warns components off them).
#pragma warning disable BL0006
namespace Backfill.Tests.Web.Components.Manager;

/// <summary>
/// Renders a component as Blazor Server would and counts the bytes of each render batch in the server's own wire format
/// (its internal <c>RenderBatchWriter</c>, the bytes a circuit sends the browser before SignalR's framing), so a row's
/// cost on the first render can be measured without a browser. bUnit's renderer does not expose its batches.
/// </summary>
internal sealed class RenderBatchMeter(IServiceProvider services) : Renderer(services, NullLoggerFactory.Instance)
{
    private static readonly Type WriterType =
        Type.GetType("Microsoft.AspNetCore.Components.Server.Circuits.RenderBatchWriter, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;

    private static readonly MethodInfo Write = WriterType.GetMethod("Write", [typeof(RenderBatch).MakeByRefType()])!;

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    // As a circuit's renderer answers (the layout marks itself interactive from it).
    protected override RendererInfo RendererInfo { get; } = new("Server", isInteractive: true);

    /// <summary>The size of each batch rendered so far, in order.</summary>
    public List<long> Batches { get; } = [];

    public long TotalBytes => Batches.Sum();

    public Task RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        Dispatcher.InvokeAsync(async () =>
        {
            var id = AssignRootComponentId(InstantiateComponent(typeof(TComponent)));
            await RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters));
        });

    protected override void HandleException(Exception exception) => throw exception;

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        using var stream = new MemoryStream();
        using (var writer = (IDisposable)Activator.CreateInstance(WriterType, stream, true)!)
        {
            Write.Invoke(writer, [renderBatch]);
        }

        Batches.Add(stream.Length);
        return Task.CompletedTask;
    }
}
