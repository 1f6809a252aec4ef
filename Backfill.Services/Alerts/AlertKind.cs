namespace Backfill.Services.Alerts;

/// <summary>What an incident is about. At most one incident per client and kind is open at a time.</summary>
public enum AlertKind
{
    /// <summary>A run ended failed, after the client's own retries (other than a refused key).</summary>
    RunFailed,

    /// <summary>Klaviyo answered 401 or 403 to the client's key.</summary>
    KeyRefused,

    /// <summary>In progress without a new checkpoint for <see cref="AlertOptions.StallAfter"/>.</summary>
    Stalled,

    /// <summary>No orders yesterday although the 7 days before averaged more than zero.</summary>
    ZeroOrders,

    /// <summary>Validation found days whose copy differs from Klaviyo.</summary>
    ValidationMismatch,

    /// <summary>The reporting budget ran out; reports resume later.</summary>
    ReportingBudgetExhausted,

    /// <summary>A run completed (a notice, never an open incident; off unless <see cref="AlertOptions.NotifyCompleted"/>).</summary>
    Completed,
}

public static class AlertKinds
{
    /// <summary>The snake_case name used in documents, the API and webhook bodies (<c>run_failed</c>, …).</summary>
    public static string ToWire(this AlertKind kind) => kind switch
    {
        AlertKind.RunFailed => "run_failed",
        AlertKind.KeyRefused => "key_refused",
        AlertKind.Stalled => "stalled",
        AlertKind.ZeroOrders => "zero_orders",
        AlertKind.ValidationMismatch => "validation_mismatch",
        AlertKind.ReportingBudgetExhausted => "reporting_budget_exhausted",
        AlertKind.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static AlertKind? FromWire(string? value) =>
        Enum.GetValues<AlertKind>().Select(k => (AlertKind?)k).FirstOrDefault(k => k!.Value.ToWire() == value);

    /// <summary>A short human name ("run failed", "key refused", …).</summary>
    public static string Describe(this AlertKind kind) => kind switch
    {
        AlertKind.RunFailed => "run failed",
        AlertKind.KeyRefused => "Klaviyo refused the key",
        AlertKind.Stalled => "stalled",
        AlertKind.ZeroOrders => "no orders yesterday",
        AlertKind.ValidationMismatch => "validation found mismatched days",
        AlertKind.ReportingBudgetExhausted => "reporting budget ran out",
        AlertKind.Completed => "run completed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
