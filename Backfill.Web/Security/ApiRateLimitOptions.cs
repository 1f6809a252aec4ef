using System.ComponentModel.DataAnnotations;

namespace Backfill.Web.Security;

/// <summary>
/// How many API requests one caller may make per window, bound from <c>Api:RateLimit</c>. A caller is the signed-in
/// user, or the client IP address when anonymous. Reads and commands have separate budgets, so a script polling status
/// never stops its own start or cancel from getting through.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string SectionName = "Api:RateLimit";

    /// <summary>
    /// GET/HEAD requests per caller per <see cref="Window"/> (default 600, ten a second on average: far above a
    /// person or a polling script, far below a flood).
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReadPermitLimit { get; set; } = 600;

    /// <summary>
    /// Mutating requests (POST, PUT, PATCH, DELETE) per caller per <see cref="Window"/> (default 60): each one queues
    /// work on the coordinator, so they are the ones a runaway script must not repeat without limit.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CommandPermitLimit { get; set; } = 60;

    /// <summary>The fixed window the limits count in (default one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
