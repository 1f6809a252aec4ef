using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Reads the candidate documents of a query from SQLite in <c>__name__</c> order, through the
/// (collection_id, key) index: a collection is the key range under its parent with that collection id, a
/// collection group the same id anywhere under the parent. A <c>__name__</c> cursor narrows the range.
/// </summary>
internal static class DocumentScanner
{
    private const string Columns = "key, create_time, update_time, fields";

    public static async IAsyncEnumerable<Document> ScanAsync(
        SqliteConnection connection, QueryPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM documents WHERE {Where(command, plan)}"
            + (plan.Descending && plan.NameOnly ? " ORDER BY key DESC" : " ORDER BY key");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keep = plan.DecodedFields;
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return keep is null ? ReadDocument(reader) : ReadDocument(reader, keep);
        }
    }

    /// <summary>How many candidates there are (up to the limit), counted in the index without reading documents.</summary>
    public static async Task<long> CountAsync(SqliteConnection connection, QueryPlan plan, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        var limit = plan.Query.Limit is { } l ? $" LIMIT {l}" : "";
        command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM documents WHERE {Where(command, plan)}{limit})";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Where(SqliteCommand command, QueryPlan plan)
    {
        var query = plan.Query;
        string? low = null;
        string? high = null;
        string? parent = null;
        var parentKey = query.Parent is null ? null : DocumentKey.Of(query.Parent);
        if (!query.AllDescendants)
        {
            parent = parentKey ?? "";
            (low, high) = DocumentKey.Below(parentKey is null ? query.CollectionId : parentKey + DocumentKey.Separator + query.CollectionId);
        }
        else if (parentKey is not null)
        {
            (low, high) = DocumentKey.Below(parentKey);
        }

        if (plan.NameOnly)
        {
            NarrowByCursors(plan, ref low, ref high);
        }

        var sql = "collection_id = $collection";
        command.Parameters.AddWithValue("$collection", query.CollectionId);
        if (low is not null)
        {
            sql += " AND key >= $low";
            command.Parameters.AddWithValue("$low", low);
        }

        if (high is not null)
        {
            sql += " AND key < $high";
            command.Parameters.AddWithValue("$high", high);
        }

        if (parent is not null)
        {
            sql += " AND parent = $parent";
            command.Parameters.AddWithValue("$parent", parent);
        }

        return sql;
    }

    /// <summary>Reads a row selected as (key, create_time, update_time, fields).</summary>
    public static Document ReadDocument(SqliteDataReader reader) => new(
        DocumentKey.ToPath(reader.GetString(0)),
        FieldCodec.Decode(reader.GetFieldValue<byte[]>(3)),
        FieldCodec.FromMicroseconds(reader.GetInt64(1)),
        FieldCodec.FromMicroseconds(reader.GetInt64(2)));

    /// <summary>Like <see cref="ReadDocument(SqliteDataReader)"/>, decoding only the named top-level fields.</summary>
    public static Document ReadDocument(SqliteDataReader reader, IReadOnlySet<string> keep) => new(
        DocumentKey.ToPath(reader.GetString(0)),
        FieldCodec.Decode(reader.GetFieldValue<byte[]>(3), keep),
        FieldCodec.FromMicroseconds(reader.GetInt64(1)),
        FieldCodec.FromMicroseconds(reader.GetInt64(2)));

    public static string SelectByKey => $"SELECT {Columns} FROM documents WHERE key = $key";

    /// <summary>
    /// With a <c>__name__</c>-only ordering, a cursor's document bounds the key range: keys at or after it (or at
    /// or before it, descending). "key + U+0001" is the least key above a key that is not its descendant.
    /// The plan still applies the cursor's exact inclusive/exclusive rule.
    /// </summary>
    private static void NarrowByCursors(QueryPlan plan, ref string? low, ref string? high)
    {
        var query = plan.Query;
        if (query.StartAt is { Values: [DocumentPath start] })
        {
            if (plan.Descending)
            {
                high = Min(high, DocumentKey.Of(start) + DocumentKey.Separator);
            }
            else
            {
                low = Max(low, DocumentKey.Of(start));
            }
        }

        if (query.EndAt is { Values: [DocumentPath end] })
        {
            if (plan.Descending)
            {
                low = Max(low, DocumentKey.Of(end));
            }
            else
            {
                high = Min(high, DocumentKey.Of(end) + DocumentKey.Separator);
            }
        }
    }

    private static string Max(string? a, string b) => a is null || StoreValues.CompareUtf8(a, b) < 0 ? b : a;

    private static string Min(string? a, string b) => a is null || StoreValues.CompareUtf8(a, b) > 0 ? b : a;
}
