using Microsoft.AspNetCore.Components;

namespace Backfill.Web.Components.DataViewer;

/// <summary>Makes <c>@ondayclick</c> known to the Razor compiler (see <see cref="DayClickEventArgs"/>).</summary>
[EventHandler("ondayclick", typeof(DayClickEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class ChartEventHandlers
{
}
