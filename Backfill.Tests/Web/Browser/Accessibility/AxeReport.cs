using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;

namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>How a test prints axe's findings: rule, impact and help, then each element with what would fix it.</summary>
internal static class AxeReport
{
    public static bool IsBlocking(AxeResultItem violation) => violation.Impact is "serious" or "critical";

    public static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  at {node.Target}");
                text.AppendLine(CultureInfo.InvariantCulture, $"     {Shorten(node.Html)}");
                foreach (var fix in Fixes(node))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"     fix: {fix}");
                }
            }
        }

        return text.ToString();
    }

    // axe's own wording: "any" checks need one to pass, "all" and "none" every one of theirs.
    private static IEnumerable<string> Fixes(AxeResultNode node) =>
        (node.Any ?? []).Select(c => "any of: " + c.Message)
            .Concat((node.All ?? []).Select(c => c.Message))
            .Concat((node.None ?? []).Select(c => c.Message));

    private static string Shorten(string html) => html.Length <= 240 ? html : string.Concat(html.AsSpan(0, 239), "…");
}
