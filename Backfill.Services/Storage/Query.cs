namespace Backfill.Services.Storage;

public enum FilterOperator
{
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Equal,
    NotEqual,
    ArrayContains,
    In,
    ArrayContainsAny,
    NotIn,
}

public enum UnaryOperator
{
    IsNull,
    IsNan,
    IsNotNull,
    IsNotNan,
}

public enum CompositeOperator
{
    And,
    Or,
}

public enum Direction
{
    Ascending,
    Descending,
}

/// <summary>A query filter: a field compared with a value, a unary test, or several filters joined.</summary>
public abstract record Filter;

public sealed record FieldFilter(FieldPath Field, FilterOperator Operator, object? Value) : Filter;

public sealed record UnaryFilter(FieldPath Field, UnaryOperator Operator) : Filter;

public sealed record CompositeFilter(CompositeOperator Operator, IReadOnlyList<Filter> Filters) : Filter;

public sealed record Ordering(FieldPath Field, Direction Direction = Direction.Ascending);

/// <summary>
/// A position in the query's ordering. Values follow the (normalised) order-by list; the last may be a
/// <see cref="DocumentPath"/> for <c>__name__</c>. Before=true: the cursor sits just before the position
/// (startAt is inclusive, endBefore exclusive); false: just after (startAfter, endAt inclusive).
/// </summary>
public sealed record Cursor(IReadOnlyList<object?> Values, bool Before);

/// <summary>
/// A structured query over one collection (or, with <see cref="AllDescendants"/>, every collection of that
/// id below <see cref="Parent"/>). Immutable: each builder method returns a new query.
/// </summary>
public sealed record Query
{
    /// <summary>The document whose subcollections are queried; null for the database root.</summary>
    public DocumentPath? Parent { get; init; }

    public required string CollectionId { get; init; }

    /// <summary>Collection-group query: every collection named <see cref="CollectionId"/> below the parent.</summary>
    public bool AllDescendants { get; init; }

    /// <summary>Filters joined with AND.</summary>
    public IReadOnlyList<Filter> Filters { get; init; } = [];

    public IReadOnlyList<Ordering> OrderBy { get; init; } = [];

    public int? Limit { get; init; }

    public Cursor? StartAt { get; init; }

    public Cursor? EndAt { get; init; }

    /// <summary>Fields to return; null for whole documents, empty for names only.</summary>
    public IReadOnlyList<FieldPath>? Select { get; init; }

    public static Query Collection(CollectionPath collection) => new() { Parent = collection.Parent, CollectionId = collection.Id };

    public static Query CollectionGroup(string collectionId, DocumentPath? under = null) =>
        new() { Parent = under, CollectionId = PathSegments.Validate(collectionId, collectionId), AllDescendants = true };

    /// <summary>
    /// Adds a field filter. As in every Firestore SDK, <c>== null</c> / <c>!= null</c> and <c>== NaN</c> / <c>!= NaN</c>
    /// become the unary IS_NULL / IS_NOT_NULL / IS_NAN / IS_NOT_NAN filters (a plain comparison with null matches nothing).
    /// </summary>
    public Query Where(FieldPath field, FilterOperator op, object? value) => (op, value) switch
    {
        (FilterOperator.Equal, null) => Where(field, UnaryOperator.IsNull),
        (FilterOperator.NotEqual, null) => Where(field, UnaryOperator.IsNotNull),
        (FilterOperator.Equal, double d) when double.IsNaN(d) => Where(field, UnaryOperator.IsNan),
        (FilterOperator.NotEqual, double d) when double.IsNaN(d) => Where(field, UnaryOperator.IsNotNan),
        _ => this with { Filters = [.. Filters, new FieldFilter(field, op, NormalizeOperand(op, value, field.Encoded))] },
    };

    public Query Where(FieldPath field, UnaryOperator op) => this with { Filters = [.. Filters, new UnaryFilter(field, op)] };

    public Query Where(Filter filter) => this with { Filters = [.. Filters, filter] };

    public Query OrderByField(FieldPath field, Direction direction = Direction.Ascending) =>
        this with { OrderBy = [.. OrderBy, new Ordering(field, direction)] };

    public Query WithLimit(int limit) =>
        limit > 0 ? this with { Limit = limit } : throw new StoreException(StoreErrorCode.InvalidArgument, "limit must be positive");

    public Query StartAtValues(params object?[] values) => this with { StartAt = new Cursor(NormalizeAll(values), Before: true) };

    public Query StartAfterValues(params object?[] values) => this with { StartAt = new Cursor(NormalizeAll(values), Before: false) };

    public Query EndAtValues(params object?[] values) => this with { EndAt = new Cursor(NormalizeAll(values), Before: false) };

    public Query EndBeforeValues(params object?[] values) => this with { EndAt = new Cursor(NormalizeAll(values), Before: true) };

    /// <summary>Continues after a document this query returned (keyset paging): its order values, then its name.</summary>
    public Query StartAfterDocument(Document document) =>
        this with { StartAt = new Cursor(QueryOrdering.CursorValuesOf(this, document), Before: false) };

    public Query SelectFields(params FieldPath[] fields) => this with { Select = fields };

    /// <summary>The collection path queried, when this is not a collection-group query.</summary>
    public CollectionPath? CollectionPath => AllDescendants ? null :
        Parent is null ? Storage.CollectionPath.Of(CollectionId) : Parent.Collection(CollectionId);

    /// <summary>IN, NOT_IN and ARRAY_CONTAINS_ANY take a list of values, and those values may be arrays themselves.</summary>
    private static object? NormalizeOperand(FilterOperator op, object? value, string field) =>
        op is FilterOperator.In or FilterOperator.NotIn or FilterOperator.ArrayContainsAny
            && value is System.Collections.IEnumerable items and not string and not byte[] and not System.Collections.IDictionary
            and not IReadOnlyDictionary<string, object?>
            ? items.Cast<object?>().Select(v => StoreValues.Normalize(v, field)).ToList()
            : StoreValues.Normalize(value, field);

    private static object?[] NormalizeAll(object?[] values) => values.Select(v => StoreValues.Normalize(v, "cursor")).ToArray();
}

public enum AggregationKind
{
    Count,
    Sum,
    Average,
}

/// <summary>An aggregation over a query's results. Count may stop at <see cref="UpTo"/>.</summary>
public sealed record Aggregation(string Alias, AggregationKind Kind, FieldPath? Field = null, long? UpTo = null)
{
    public static Aggregation Count(string alias = "count", long? upTo = null) => new(alias, AggregationKind.Count, UpTo: upTo);

    public static Aggregation Sum(FieldPath field, string alias = "sum") => new(alias, AggregationKind.Sum, field);

    public static Aggregation Average(FieldPath field, string alias = "avg") => new(alias, AggregationKind.Average, field);
}

/// <summary>
/// Aggregation results by alias: count → long; sum → long when every summed value is an integer and the total
/// fits, otherwise double; average → double, or null over no numeric values. Non-numeric values are skipped.
/// </summary>
public sealed record AggregateResult(IReadOnlyDictionary<string, object?> Values)
{
    public long Count(string alias = "count") => Values[alias] is long l ? l : throw new KeyNotFoundException(alias);

    public double Sum(string alias = "sum") => Values[alias] switch { long l => l, double d => d, _ => 0 };

    public double? Average(string alias = "avg") => Values[alias] as double?;
}
