using System.Net;
using System.Text;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// Draws a <see cref="DayBarChart"/> as one SVG string. A year is 365 bar groups: as Razor markup that was some 15,000
/// render-tree frames and an event handler per day (about 900 KB per first render of the viewer); as one markup string
/// it is one frame, which the browser parses in one go. Each day's group carries <c>data-day</c> (what a click reports)
/// and a <c>title</c> tooltip; colours are classes styled from the MudBlazor palette, so dark mode follows the theme.
/// </summary>
internal static class DayBarSvg
{
    private const double Width = 640;
    private const double Height = 240;
    private const double Left = 92;
    private const double Right = 8;
    private const double Top = 10;
    private const double Bottom = Height - 28;
    private const double PlotHeight = Bottom - Top;

    public static string Build(
        IReadOnlyList<ChartPoint> points, string name, string? secondName, string? currency, string testId,
        IReadOnlyList<decimal> ticks, IReadOnlyList<int> labels)
    {
        var top = ticks[^1];
        double Y(decimal value) => Bottom - (top == 0 ? 0 : (double)(Math.Max(0, value) / top) * PlotHeight);
        string Value(decimal value) => currency is null ? DataFormat.Count((long)value) : DataFormat.Money(value, currency);

        var svg = new StringBuilder(256 + points.Count * 260);
        svg.Append(DataFormat.Invariant, $"<svg class=\"day-chart\" viewBox=\"0 0 {F(Width)} {F(Height)}\" data-testid=\"{Encode(testId)}\" data-points=\"{points.Count}\" data-ticks=\"{ticks.Count}\">");
        foreach (var tick in ticks)
        {
            var y = Y(tick);
            svg.Append(DataFormat.Invariant, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" class=\"day-chart-grid\"/>");
            Text(svg, Left - 6, y + 4, "end", $"{testId}-tick", currency is null ? ChartScale.CountTick(tick) : ChartScale.MoneyTick(tick, currency));
        }

        var slot = (Width - Left - Right) / points.Count;
        var bars = points.Count > 0 && points[0].Second is not null ? 2 : 1;
        var barWidth = Math.Max(1, slot * 0.8 / bars);
        var offset = slot * 0.1;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var x = Left + i * slot;
            var tooltip = $"{point.Label ?? DataFormat.Date(point.Date)}: {name} {Value(point.Value)}"
                + (point.Second is { } s ? $", {secondName} {Value(s)}" : "");
            svg.Append(DataFormat.Invariant, $"<g class=\"day-chart-day\" data-day=\"{DataFormat.Date(point.Date)}\"><title>{Encode(tooltip)}</title>");
            svg.Append(DataFormat.Invariant, $"<rect x=\"{F(x)}\" y=\"{F(Top)}\" width=\"{F(slot)}\" height=\"{F(PlotHeight)}\" class=\"day-chart-hit\"/>");
            Bar(svg, x + offset, barWidth, Y(point.Value), "day-chart-bar");
            if (point.Second is { } second)
            {
                Bar(svg, x + offset + barWidth, barWidth, Y(second), "day-chart-bar2");
            }

            svg.Append("</g>");
        }

        foreach (var i in labels)
        {
            Text(svg, Left + (i + 0.5) * slot, Height - 8, "middle", $"{testId}-label", points[i].Label ?? points[i].Date.ToString("MM-dd", DataFormat.Invariant));
        }

        svg.Append(DataFormat.Invariant, $"<line x1=\"{F(Left)}\" x2=\"{F(Width - Right)}\" y1=\"{F(Bottom)}\" y2=\"{F(Bottom)}\" class=\"day-chart-axis\"/></svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, double x, double width, double y, string cssClass) =>
        svg.Append(DataFormat.Invariant, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(Bottom - y)}\" class=\"{cssClass}\"/>");

    private static void Text(StringBuilder svg, double x, double y, string anchor, string testId, string content) =>
        svg.Append(DataFormat.Invariant, $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" class=\"day-chart-tick\" data-testid=\"{Encode(testId)}\">{Encode(content)}</text>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.##", DataFormat.Invariant);
}
