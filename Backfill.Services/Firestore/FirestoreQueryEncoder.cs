using System.Text.Json;
using Backfill.Services.Storage;

namespace Backfill.Services.Firestore;

/// <summary>Encodes the port's <see cref="Query"/> as a Firestore <c>StructuredQuery</c>.</summary>
public static class FirestoreQueryEncoder
{
    /// <summary>
    /// Writes the <c>structuredQuery</c> object. <paramref name="orderBy"/> and <paramref name="select"/> override
    /// the query's own (keyset paging sends the full normalised ordering and needs the ordered fields back).
    /// </summary>
    public static void WriteStructuredQuery(
        Utf8JsonWriter writer,
        Query query,
        FirestoreResourceNames names,
        IReadOnlyList<Ordering>? orderBy = null,
        IReadOnlyList<FieldPath>? select = null,
        bool includeOrderAndLimit = true)
    {
        writer.WriteStartObject();

        var fields = select ?? query.Select;
        if (fields is not null)
        {
            writer.WriteStartObject("select");
            writer.WriteStartArray("fields");
            foreach (var field in fields)
            {
                WriteFieldReference(writer, field);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("from");
        writer.WriteStartObject();
        writer.WriteString("collectionId", query.CollectionId);
        if (query.AllDescendants)
        {
            writer.WriteBoolean("allDescendants", true);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();

        if (query.Filters.Count > 0)
        {
            writer.WritePropertyName("where");
            WriteFilter(writer, query.Filters.Count == 1 ? query.Filters[0] : new CompositeFilter(CompositeOperator.And, query.Filters), names);
        }

        if (includeOrderAndLimit)
        {
            var orders = orderBy ?? query.OrderBy;
            if (orders.Count > 0)
            {
                writer.WriteStartArray("orderBy");
                foreach (var order in orders)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("field");
                    WriteFieldReference(writer, order.Field);
                    writer.WriteString("direction", order.Direction == Direction.Ascending ? "ASCENDING" : "DESCENDING");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
        }

        if (query.StartAt is { } start)
        {
            WriteCursor(writer, "startAt", start, names);
        }

        if (query.EndAt is { } end)
        {
            WriteCursor(writer, "endAt", end, names);
        }

        if (includeOrderAndLimit && query.Limit is { } limit)
        {
            writer.WriteNumber("limit", limit);
        }

        writer.WriteEndObject();
    }

    public static void WriteFilter(Utf8JsonWriter writer, Filter filter, FirestoreResourceNames names)
    {
        writer.WriteStartObject();
        switch (filter)
        {
            case FieldFilter f:
                writer.WriteStartObject("fieldFilter");
                writer.WritePropertyName("field");
                WriteFieldReference(writer, f.Field);
                writer.WriteString("op", OperatorName(f.Operator));
                writer.WritePropertyName("value");
                FirestoreValueCodec.WriteValue(writer, f.Value, names);
                writer.WriteEndObject();
                break;
            case UnaryFilter u:
                writer.WriteStartObject("unaryFilter");
                writer.WriteString("op", u.Operator switch
                {
                    UnaryOperator.IsNull => "IS_NULL",
                    UnaryOperator.IsNan => "IS_NAN",
                    UnaryOperator.IsNotNull => "IS_NOT_NULL",
                    _ => "IS_NOT_NAN",
                });
                writer.WritePropertyName("field");
                WriteFieldReference(writer, u.Field);
                writer.WriteEndObject();
                break;
            case CompositeFilter c:
                writer.WriteStartObject("compositeFilter");
                writer.WriteString("op", c.Operator == CompositeOperator.And ? "AND" : "OR");
                writer.WriteStartArray("filters");
                foreach (var inner in c.Filters)
                {
                    WriteFilter(writer, inner, names);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            default:
                throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported filter {filter.GetType().Name}");
        }

        writer.WriteEndObject();
    }

    private static string OperatorName(FilterOperator op) => op switch
    {
        FilterOperator.LessThan => "LESS_THAN",
        FilterOperator.LessThanOrEqual => "LESS_THAN_OR_EQUAL",
        FilterOperator.GreaterThan => "GREATER_THAN",
        FilterOperator.GreaterThanOrEqual => "GREATER_THAN_OR_EQUAL",
        FilterOperator.Equal => "EQUAL",
        FilterOperator.NotEqual => "NOT_EQUAL",
        FilterOperator.ArrayContains => "ARRAY_CONTAINS",
        FilterOperator.In => "IN",
        FilterOperator.ArrayContainsAny => "ARRAY_CONTAINS_ANY",
        FilterOperator.NotIn => "NOT_IN",
        _ => throw new StoreException(StoreErrorCode.InvalidArgument, $"unsupported operator {op}"),
    };

    private static void WriteCursor(Utf8JsonWriter writer, string name, Cursor cursor, FirestoreResourceNames names)
    {
        writer.WriteStartObject(name);
        writer.WriteStartArray("values");
        foreach (var value in cursor.Values)
        {
            FirestoreValueCodec.WriteValue(writer, value, names);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("before", cursor.Before);
        writer.WriteEndObject();
    }

    public static void WriteFieldReference(Utf8JsonWriter writer, FieldPath field)
    {
        writer.WriteStartObject();
        writer.WriteString("fieldPath", field.Encoded);
        writer.WriteEndObject();
    }

    /// <summary>The body of <c>runAggregationQuery</c>: the structured query and its aggregations (count, sum, avg).</summary>
    public static void WriteAggregationQuery(Utf8JsonWriter w, Query query, IReadOnlyList<Aggregation> aggregations, FirestoreResourceNames names)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(aggregations);
        w.WriteStartObject();
        w.WriteStartObject("structuredAggregationQuery");
        w.WritePropertyName("structuredQuery");
        WriteStructuredQuery(w, query, names);
        w.WriteStartArray("aggregations");
        foreach (var aggregation in aggregations)
        {
            WriteAggregation(w, aggregation);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteAggregation(Utf8JsonWriter w, Aggregation aggregation)
    {
        w.WriteStartObject();
        w.WriteString("alias", aggregation.Alias);
        switch (aggregation.Kind)
        {
            case AggregationKind.Count:
                w.WriteStartObject("count");
                if (aggregation.UpTo is { } upTo)
                {
                    w.WriteString("upTo", upTo.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                w.WriteEndObject();
                break;
            case AggregationKind.Sum:
            case AggregationKind.Average:
                w.WriteStartObject(aggregation.Kind == AggregationKind.Sum ? "sum" : "avg");
                w.WritePropertyName("field");
                WriteFieldReference(w, aggregation.Field
                    ?? throw new StoreException(StoreErrorCode.InvalidArgument, $"aggregation '{aggregation.Alias}' needs a field"));
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A collection-group query over every descendant of a parent that returns names only (an empty select), in name
    /// order, optionally within a name range and after a cursor: how a subtree is deleted page by page.
    /// </summary>
    public static void WriteKindlessNamesQuery(Utf8JsonWriter w, (string From, string Before)? range, string? startAfter, int limit)
    {
        w.WriteStartObject();
        w.WriteStartObject("select");
        w.WriteStartArray("fields");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("from");
        w.WriteStartObject();
        w.WriteBoolean("allDescendants", true);
        w.WriteEndObject();
        w.WriteEndArray();
        if (range is { } r)
        {
            w.WriteStartObject("where");
            w.WriteStartObject("compositeFilter");
            w.WriteString("op", "AND");
            w.WriteStartArray("filters");
            WriteNameFilter(w, "GREATER_THAN_OR_EQUAL", r.From);
            WriteNameFilter(w, "LESS_THAN", r.Before);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartArray("orderBy");
        w.WriteStartObject();
        w.WritePropertyName("field");
        WriteFieldReference(w, FieldPath.DocumentId);
        w.WriteString("direction", "ASCENDING");
        w.WriteEndObject();
        w.WriteEndArray();
        if (startAfter is not null)
        {
            w.WriteStartObject("startAt");
            w.WriteStartArray("values");
            w.WriteStartObject();
            w.WriteString("referenceValue", startAfter);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteBoolean("before", false);
            w.WriteEndObject();
        }

        w.WriteNumber("limit", limit);
        w.WriteEndObject();
    }

    private static void WriteNameFilter(Utf8JsonWriter w, string op, string name)
    {
        w.WriteStartObject();
        w.WriteStartObject("fieldFilter");
        w.WritePropertyName("field");
        WriteFieldReference(w, FieldPath.DocumentId);
        w.WriteString("op", op);
        w.WriteStartObject("value");
        w.WriteString("referenceValue", name);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
