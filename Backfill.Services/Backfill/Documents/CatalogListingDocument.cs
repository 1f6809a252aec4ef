using Backfill.Services.Storage;

namespace Backfill.Services.Backfill.Documents;

/// <summary>
/// When campaigns and flows were last listed, kept on <c>clients/{id}/klaviyo/data</c> itself so Clear data forgets it
/// with the copy (the next run then lists everything again).
/// </summary>
public static class CatalogListingDocument
{
    private const string ListedAt = "catalog_listed_at";
    private const string FullyListedAt = "catalog_fully_listed_at";

    /// <summary>The fields a listing owns: both times after a full listing, the first alone after a listing of changes.</summary>
    public static IReadOnlyList<FieldPath> FieldPaths(bool full) =>
        full ? [FieldPath.Of(ListedAt), FieldPath.Of(FullyListedAt)] : [FieldPath.Of(ListedAt)];

    public static IReadOnlyDictionary<string, object?> ToFields(DateTimeOffset listedAt, bool full) => full
        ? new Dictionary<string, object?> { [ListedAt] = listedAt, [FullyListedAt] = listedAt }
        : new Dictionary<string, object?> { [ListedAt] = listedAt };

    /// <summary>(last listing of any kind, last full listing); nulls when never listed or cleared.</summary>
    public static (DateTimeOffset? ListedAt, DateTimeOffset? FullyListedAt) FromDocument(Document? document) =>
        document is null ? (null, null) : (document.Fields.Time(ListedAt), document.Fields.Time(FullyListedAt));
}
