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

    /// <summary>
    /// Days a refresh may go on listing only the campaigns and flows Klaviyo changed since the last listing (4 requests
    /// instead of 8); after that it lists everything once more, which is what marks those gone from Klaviyo
    /// (<c>deleted_in_klaviyo</c>) and those archived since. Default 7: a weekly full listing.
    /// </summary>
    [Range(0, 90)]
    public int FullRelistDays { get; set; } = 7;
}
