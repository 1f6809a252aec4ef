namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One row of a reporting answer: a metric aggregate's <c>dimensions</c> (blank ones as empty strings) or a series'
/// <c>groupings</c>, and its number series by name (a metric aggregate's <c>measurements</c>, a series'
/// <c>statistics</c>). A row without one of them has it empty.
/// </summary>
internal sealed record ReportAnswerRow(
    IReadOnlyList<string> Dimensions,
    IReadOnlyDictionary<string, string?> Groupings,
    IReadOnlyDictionary<string, IReadOnlyList<decimal?>> Values);
