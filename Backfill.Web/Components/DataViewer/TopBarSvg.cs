using System.Net;
using System.Text;

namespace Backfill.Web.Components.DataViewer;

/// <summary>
/// Draws a <see cref="TopRevenueChart"/>: one horizontal bar per campaign or flow, names (cut short) on the left, the
/// value axis below with at most <see cref="ChartScale.MaxTicks"/> ticks in the currency with thousands separators. One
/// SVG string, styled by classes from the MudBlazor palette (dark mode follows the theme), like <see cref="DayBarSvg"/>.
/// </summary>
internal static class TopBarSvg
{
    private const double Width = 640;
    private const double Left = 150;
    private const double Right = 16;
    private const double Top = 6;
    private const double Row = 22;
    private const double Axis = 26;

    public static string Build(IReadOnlyList<(string Label, decimal Value, string Tooltip)> bars, string currency, string testId)
    {
        var ticks = ChartScale.ValueTicks(bars.Count == 0 ? 0 : bars.Max(b => b.Value), maxTicks: 6);
        var top = ticks[^1];
        var plot = Width - Left - Right;
        double X(decimal value) => Left + (top == 0 ? 0 : (double)(Math.Max(0, value) / top) * plot);
        var bottom = Top + bars.Count * Row;
        var height = bottom + Axis;

        var svg = new StringBuilder(512 + bars.Count * 300);
        svg.Append(DataFormat.Invariant, $"<svg class=\"top-chart\" viewBox=\"0 0 {F(Width)} {F(height)}\" data-testid=\"{Encode(testId)}\" data-bars=\"{bars.Count}\" data-ticks=\"{ticks.Count}\">");
        foreach (var tick in ticks)
        {
            var x = X(tick);
            svg.Append(DataFormat.Invariant, $"<line x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(Top)}\" y2=\"{F(bottom)}\" class=\"top-chart-grid\"/>");
            svg.Append(DataFormat.Invariant, $"<text x=\"{F(x)}\" y=\"{F(height - 8)}\" text-anchor=\"middle\" class=\"top-chart-tick\" data-testid=\"{Encode(testId)}-tick\">{Encode(ChartScale.MoneyTick(tick, currency))}</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, tooltip) = bars[i];
            var y = Top + i * Row;
            svg.Append(DataFormat.Invariant, $"<g class=\"top-chart-row\" data-testid=\"{Encode(testId)}-bar\" data-value=\"{DataFormat.Raw(value)}\"><title>{Encode(tooltip)}</title>");
            svg.Append(DataFormat.Invariant, $"<text x=\"{F(Left - 6)}\" y=\"{F(y + Row / 2 + 4)}\" text-anchor=\"end\" class=\"top-chart-label\">{Encode(label)}</text>");
            svg.Append(DataFormat.Invariant, $"<rect x=\"{F(Left)}\" y=\"{F(y + 3)}\" width=\"{F(Math.Max(1, X(value) - Left))}\" height=\"{F(Row - 6)}\" class=\"top-chart-bar\"/></g>");
        }

        svg.Append(DataFormat.Invariant, $"<line x1=\"{F(Left)}\" x2=\"{F(Left)}\" y1=\"{F(Top)}\" y2=\"{F(bottom)}\" class=\"top-chart-axis\"/></svg>");
        return svg.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string F(double value) => value.ToString("0.##", DataFormat.Invariant);
}
