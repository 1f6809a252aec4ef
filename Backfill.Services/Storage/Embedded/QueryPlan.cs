namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// A validated query with its normalised ordering: which documents match (filters, ordered fields present,
/// between the cursors) and in what order they come. Cursors compare a prefix of the ordering, as Firestore does.
/// </summary>
internal sealed class QueryPlan : IComparer<Document>
{
    public QueryPlan(Query query)
    {
        Query = query;
        Ordering = QueryOrdering.Normalized(query);
        QueryValidator.Validate(query, Ordering);
        OrderedFields = Ordering.Where(o => !o.Field.IsDocumentId).Select(o => o.Field).ToArray();
        NameOnly = Ordering.Count == 1;
        DecodedFields = FieldsToDecode(query, OrderedFields);
    }

    /// <summary>
    /// The top-level fields a scan needs to decode, or null for all: with a projection, the selected fields plus those
    /// the filters and the ordering read, so a document's other fields (a rollup's breakdowns) are skipped unread.
    /// </summary>
    public IReadOnlySet<string>? DecodedFields { get; }

    private static HashSet<string>? FieldsToDecode(Query query, IEnumerable<FieldPath> ordered)
    {
        if (query.Select is not { } select)
        {
            return null;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in select.Concat(ordered).Concat(query.Filters.SelectMany(FilterFields)))
        {
            if (!path.IsDocumentId)
            {
                fields.Add(path.Segments[0]);
            }
        }

        return fields;
    }

    private static IEnumerable<FieldPath> FilterFields(Filter filter) => filter switch
    {
        FieldFilter f => [f.Field],
        UnaryFilter u => [u.Field],
        CompositeFilter c => c.Filters.SelectMany(FilterFields),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.GetType().Name, "an unknown filter"),
    };

    public Query Query { get; }

    public IReadOnlyList<Ordering> Ordering { get; }

    /// <summary>Ordered by <c>__name__</c> alone: results come straight from the key index.</summary>
    public bool NameOnly { get; }

    /// <summary>Every candidate the scan yields is a result (no filters, no cursors, <c>__name__</c> order), so counting needs no documents.</summary>
    public bool CountsInIndex => NameOnly && Query.Filters.Count == 0 && Query.StartAt is null && Query.EndAt is null;

    public bool Descending => Ordering[0].Direction == Direction.Descending;

    private FieldPath[] OrderedFields { get; }

    /// <summary>Passes the filters and has every ordered field (Firestore drops documents missing one).</summary>
    public bool MatchesFilters(Document document)
    {
        foreach (var field in OrderedFields)
        {
            if (!document.TryGet(field, out _))
            {
                return false;
            }
        }

        foreach (var filter in Query.Filters)
        {
            if (!FilterEvaluator.Matches(filter, document))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Before the start cursor: not yet in the results.</summary>
    public bool BeforeStart(Document document)
    {
        if (Query.StartAt is not { } start)
        {
            return false;
        }

        var comparison = CompareToCursor(start, document);
        return start.Before ? comparison > 0 : comparison >= 0;
    }

    /// <summary>Past the end cursor: no longer in the results.</summary>
    public bool AfterEnd(Document document)
    {
        if (Query.EndAt is not { } end)
        {
            return false;
        }

        var comparison = CompareToCursor(end, document);
        return end.Before ? comparison <= 0 : comparison < 0;
    }

    public int Compare(Document? x, Document? y)
    {
        foreach (var order in Ordering)
        {
            var left = Value(x!, order.Field);
            var right = Value(y!, order.Field);
            var comparison = StoreValues.Compare(left, right);
            if (comparison != 0)
            {
                return order.Direction == Direction.Descending ? -comparison : comparison;
            }
        }

        return 0;
    }

    /// <summary>The cursor position compared with the document, in query order (negative: the cursor comes first).</summary>
    private int CompareToCursor(Cursor cursor, Document document)
    {
        for (var i = 0; i < cursor.Values.Count; i++)
        {
            var order = Ordering[i];
            var comparison = StoreValues.Compare(cursor.Values[i], Value(document, order.Field));
            if (comparison != 0)
            {
                return order.Direction == Direction.Descending ? -comparison : comparison;
            }
        }

        return 0;
    }

    private static object? Value(Document document, FieldPath field) =>
        FilterEvaluator.TryGetValue(document, field, out var value) ? value : null;
}
