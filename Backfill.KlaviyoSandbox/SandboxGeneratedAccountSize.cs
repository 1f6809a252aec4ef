namespace Backfill.KlaviyoSandbox;

/// <summary>The size class of a generated sandbox account.</summary>
public enum SandboxGeneratedAccountSize
{
    /// <summary>1–20 orders a day.</summary>
    Small,

    /// <summary>20–80 orders a day.</summary>
    Medium,

    /// <summary>As large as <c>northloop-outfitters</c> (300 orders a day before seasonality).</summary>
    Large,
}
