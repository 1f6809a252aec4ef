namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// A click inside a chart drawn as one piece of markup: the day of the bar group clicked (its <c>data-day</c>), read in
/// the browser by the <c>dayclick</c> event type that <c>wwwroot/Backfill.Web.lib.module.js</c> registers. One handler per
/// chart instead of one per day keeps a year's chart one string in the render batch.
/// </summary>
public sealed class DayClickEventArgs : EventArgs
{
    /// <summary>yyyy-MM-dd, or null when the click was not on a day.</summary>
    public string? Day { get; set; }
}
