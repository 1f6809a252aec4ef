namespace Backfill.Web.Components.DataViewer;

/// <summary>One bar group of a <see cref="DayBarChart"/>: a day (or a week's first day), its value, and an optional second value drawn beside it.</summary>
public sealed record ChartPoint(DateOnly Date, decimal Value, decimal? Second = null, string? Label = null);
