using System.ComponentModel.DataAnnotations;

namespace Backfill.Services.Storage.Embedded;

/// <summary>Where the embedded (SQLite) document store keeps its file. Section <c>Storage:Embedded</c>.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string SectionName = "Storage:Embedded";

    /// <summary>
    /// The database file; a relative path is resolved against the content root (the current directory without a
    /// host). The directory is created on first use. Default <c>App_Data/backfill.db</c>.
    /// </summary>
    [Required]
    public string Path { get; set; } = "App_Data/backfill.db";
}
