using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Services.Alerts.Monitoring;

/// <summary>What one status on the coordinator's board says about failed runs, refused keys and stalls.</summary>
internal static class StatusConditions
{
    /// <summary>
    /// How the coordinator words a 401/403 from Klaviyo (<c>BackfillCoordinator.Describe</c>: "Klaviyo refused the key
    /// (401): …"). The status carries no structured reason, so this stable prefix is the signal; a test pins it to
    /// <c>Describe</c>, so a change of wording fails there rather than silently turning refusals into plain failures.
    /// </summary>
    public const string KeyRefusedPrefix = "Klaviyo refused the key (";

    public static bool IsKeyRefused(string? error) =>
        error is not null
        && error.StartsWith(KeyRefusedPrefix, StringComparison.Ordinal)
        && (error.AsSpan(KeyRefusedPrefix.Length).StartsWith("401)") || error.AsSpan(KeyRefusedPrefix.Length).StartsWith("403)"));

    public static IEnumerable<AlertCondition> Evaluate(BackfillStatus status, TimeSpan? stagnant, TimeSpan stallAfter)
    {
        switch (status.State)
        {
            case BackfillState.Failed when IsKeyRefused(status.Error):
                yield return AlertCondition.Open(AlertKind.KeyRefused, "Klaviyo refused the client's API key; runs cannot continue until the key is replaced.", Detail(status));
                break;
            case BackfillState.Failed:
                yield return AlertCondition.Open(AlertKind.RunFailed, $"The {Describe(status)} failed after its retries.", Detail(status));
                break;
            case BackfillState.Completed:
                yield return AlertCondition.Clear(AlertKind.RunFailed, "a later run completed");
                yield return AlertCondition.Clear(AlertKind.KeyRefused, "a later run completed, so Klaviyo accepts the key");
                break;
            case BackfillState.NotStarted:
                yield return AlertCondition.Clear(AlertKind.RunFailed, "the status was cleared");
                yield return AlertCondition.Clear(AlertKind.KeyRefused, "the status was cleared");
                break;
        }

        if (stagnant >= stallAfter)
        {
            yield return AlertCondition.Open(
                AlertKind.Stalled,
                $"The {Describe(status)} has written no checkpoint for {Minutes(stallAfter)} or more.",
                $"Last checkpoint: {(status.LastCompletedDate is { } day ? DataLayout.FormatDate(day) : "none yet")}; step: {status.Phase ?? "unknown"}.");
        }
        else
        {
            yield return AlertCondition.Clear(
                AlertKind.Stalled,
                status.State == BackfillState.InProgress ? "the run wrote a checkpoint again" : $"the run is {status.State.ToWire().Replace('_', ' ')}");
        }
    }

    private static string Describe(BackfillStatus status) =>
        $"{status.Parameters.Kind.ToWire().Replace('_', ' ')} run{(status.RunId is { } run ? $" {run}" : "")}";

    private static string Detail(BackfillStatus status)
    {
        var checkpoint = status.LastCompletedDate is { } day ? $" Every day through {DataLayout.FormatDate(day)} is written; a retry continues after it." : "";
        return $"{status.Error ?? "No error message."}\nAttempt {status.Attempts}.{checkpoint}";
    }

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 120 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} hours" : $"{span.TotalMinutes:0} minutes";
}
