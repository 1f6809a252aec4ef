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
}
