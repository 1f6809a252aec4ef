namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One page of a reporting answer as <see cref="ReportAnswerReader"/> reads it: the bucket labels as written, and the
/// rows in order.
/// </summary>
internal sealed record ReportAnswer(IReadOnlyList<string?> Labels, IReadOnlyList<ReportAnswerRow> Rows);
