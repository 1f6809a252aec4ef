namespace Backfill.Services.Klaviyo;

/// <summary>
/// A report's date labels do not line up with the days that were asked for (or are not dates at all). The client
/// stops rather than guess, because a guess that is one day off would put every number of the report on the wrong day.
/// </summary>
public sealed class KlaviyoReportDatesException(string endpoint, string? label, string message) : KlaviyoException(message)
{
    /// <summary>The reporting endpoint whose answer was refused, e.g. <c>flow-series-reports</c>.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>The label that did not fit, as Klaviyo sent it.</summary>
    public string? Label { get; } = label;
}
