using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Backfill;

/// <summary>Settings of refreshes (configuration section <c>Backfill:Refresh</c>).</summary>
public sealed class RefreshOptions
{
    public const string SectionName = "Backfill:Refresh";

    /// <summary>
    /// Days before the end of coverage that a refresh reads again, for late events (Shopify's history sync,
    /// attribution that settles) and deletions. Default 7; a refresh request may ask for another value.
    /// </summary>
    [Range(RefreshRequest.MinLookbackDays, RefreshRequest.MaxLookbackDays)]
    public int LookbackDays { get; set; } = 7;

    /// <summary>
    /// Days before a refresh's first day from which it also reads Refunded and Cancelled Order events, so a refund that
    /// comes weeks after its order (outside the refresh's days) still lands on the stored order. Default 60.
    /// </summary>
    [Range(0, 366)]
    public int RefundLookbackDays { get; set; } = 60;
}
