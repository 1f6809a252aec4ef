using Backfill.Services.Storage;

namespace Backfill.Services.Firestore;

/// <summary>
/// Turns store paths into Firestore resource names (<c>projects/p/databases/d/documents/…</c>) and back.
/// Names go into JSON bodies as they are; only URLs need their segments escaped.
/// </summary>
public sealed class FirestoreResourceNames
{
    public FirestoreResourceNames(string projectId, string databaseId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentException.ThrowIfNullOrEmpty(databaseId);
        ProjectId = projectId;
        DatabaseId = databaseId;
        Database = $"projects/{projectId}/databases/{databaseId}";
        DocumentsRoot = Database + "/documents";
    }

    public string ProjectId { get; }

    public string DatabaseId { get; }

    /// <summary><c>projects/{p}/databases/{d}</c>.</summary>
    public string Database { get; }

    /// <summary><c>projects/{p}/databases/{d}/documents</c>: the parent of root collections.</summary>
    public string DocumentsRoot { get; }

    public string DocumentName(DocumentPath path) => DocumentsRoot + "/" + path.Value;

    /// <summary>The parent resource for queries and collection listings: the root, or a document.</summary>
    public string ParentName(DocumentPath? parent) => parent is null ? DocumentsRoot : DocumentName(parent);

    /// <summary>
    /// The relative URL of a document (or of the root when null), document-path segments escaped. The
    /// database part stays literal: ids there are plain, and <c>(default)</c> must keep its parentheses.
    /// </summary>
    public string UrlOf(DocumentPath? path) =>
        path is null ? DocumentsRoot : DocumentsRoot + "/" + string.Join('/', path.Segments.Select(Uri.EscapeDataString));

    /// <summary>The store path of a document resource name (of any project/database).</summary>
    public static DocumentPath ParseDocumentName(string name)
    {
        const string marker = "/documents/";
        var index = name.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new StoreException(StoreErrorCode.Internal, $"'{name}' is not a document resource name");
        }

        return DocumentPath.Parse(name[(index + marker.Length)..]);
    }
}
