using System.Text;
using MudBlazor;

namespace Backfill.Web.Components.Manager;

/// <summary>
/// The row buttons' and status chips' icons as one SVG sprite: each icon's path is sent to the browser once per page, and each of the
/// hundreds of buttons on a page only references it (<c>&lt;use href="#…"&gt;</c>) instead of carrying its own copy
/// (a MudIconButton each sent about 300 bytes of path and cost several components).
/// </summary>
public static class ActionIcons
{
    public const string Start = "bf-icon-start";
    public const string QuickCheck = "bf-icon-quick";
    public const string Refresh = "bf-icon-refresh";
    public const string Retry = "bf-icon-retry";
    public const string Cancel = "bf-icon-cancel";
    public const string Clear = "bf-icon-clear";
    public const string ClearData = "bf-icon-clear-data";
    public const string Validate = "bf-icon-validate";
    public const string History = "bf-icon-history";
    public const string Schedule = "bf-icon-schedule";
    public const string Edit = "bf-icon-edit";
    public const string View = "bf-icon-view";
    public const string ExpandMore = "bf-icon-expand-more";
    public const string ExpandLess = "bf-icon-expand-less";
    public const string Queued = "bf-icon-queued";
    public const string Running = "bf-icon-running";
    public const string Waiting = "bf-icon-waiting";
    public const string Completed = "bf-icon-completed";
    public const string Failed = "bf-icon-failed";
    public const string Cancelled = "bf-icon-cancelled";
    public const string NotStarted = "bf-icon-not-started";
    public const string More = "bf-icon-more";
    public const string ReportingBudget = "bf-icon-budget";
    public const string Instance = "bf-icon-instance";
    public const string Alerts = "bf-icon-alerts";

    /// <summary>A hidden <c>&lt;svg&gt;</c> of symbols, in the page's document (App.razor) outside the interactive root.</summary>
    public static string Sprite { get; } = BuildSprite(
        (Start, Icons.Material.Filled.PlayArrow),
        (QuickCheck, Icons.Material.Filled.Bolt),
        (Refresh, Icons.Material.Filled.Sync),
        (Retry, Icons.Material.Filled.Replay),
        (Cancel, Icons.Material.Filled.Stop),
        (Clear, Icons.Material.Filled.ClearAll),
        (ClearData, Icons.Material.Filled.DeleteSweep),
        (Validate, Icons.Material.Filled.FactCheck),
        (History, Icons.Material.Filled.History),
        (Schedule, Icons.Material.Filled.Schedule),
        (Edit, Icons.Material.Filled.Edit),
        (View, Icons.Material.Filled.Insights),
        (ExpandMore, Icons.Material.Filled.ExpandMore),
        (ExpandLess, Icons.Material.Filled.ExpandLess),
        (Queued, Icons.Material.Filled.Schedule),
        (Running, Icons.Material.Filled.Sync),
        (Waiting, Icons.Material.Filled.HourglassTop),
        (Completed, Icons.Material.Filled.CheckCircle),
        (Failed, Icons.Material.Filled.Error),
        (Cancelled, Icons.Material.Filled.Cancel),
        (NotStarted, Icons.Material.Outlined.Circle),
        (More, Icons.Material.Filled.MoreVert),
        (ReportingBudget, Icons.Material.Outlined.QueryStats),
        (Instance, Icons.Material.Outlined.Dns),
        (Alerts, Icons.Material.Filled.NotificationsActive));

    private static string BuildSprite(params (string Id, string Path)[] icons)
    {
        // Not display:none: Chromium does not paint <use> of symbols inside an undisplayed <svg> in every case.
        var sprite = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" focusable=\"false\" width=\"0\" height=\"0\" style=\"position:absolute;width:0;height:0;overflow:hidden\">");
        foreach (var (id, path) in icons)
        {
            sprite.Append("<symbol id=\"").Append(id).Append("\" viewBox=\"0 0 24 24\">").Append(path).Append("</symbol>");
        }

        return sprite.Append("</svg>").ToString();
    }
}
