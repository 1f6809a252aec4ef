namespace Backfill.Services.Storage;

/// <summary>
/// The ordering Firestore actually applies to a query: the explicit order-by list, then every inequality
/// field not already ordered (in field-path order), then <c>__name__</c>, all in the last explicit direction.
/// Both stores and keyset paging use this one definition.
/// </summary>
public static class QueryOrdering
{
    public static IReadOnlyList<Ordering> Normalized(Query query)
    {
        var result = new List<Ordering>(query.OrderBy);
        var lastDirection = query.OrderBy.Count > 0 ? query.OrderBy[^1].Direction : Direction.Ascending;
        var ordered = new HashSet<FieldPath>(query.OrderBy.Select(o => o.Field));

        var inequalityFields = InequalityFields(query.Filters)
            .Where(f => !f.IsDocumentId && !ordered.Contains(f))
            .Distinct()
            .Order(Comparer<FieldPath>.Create((a, b) => StoreValues.CompareSegments(a.Segments, b.Segments)));
        result.AddRange(inequalityFields.Select(f => new Ordering(f, lastDirection)));

        if (!ordered.Contains(FieldPath.DocumentId))
        {
            result.Add(new Ordering(FieldPath.DocumentId, lastDirection));
        }

        return result;
    }

    public static IEnumerable<FieldPath> InequalityFields(IEnumerable<Filter> filters)
    {
        foreach (var filter in filters)
        {
            switch (filter)
            {
                case FieldFilter dead when MatchesNothing(dead):
                    break;
                case FieldFilter { Operator: FilterOperator.LessThan or FilterOperator.LessThanOrEqual or FilterOperator.GreaterThan
                    or FilterOperator.GreaterThanOrEqual or FilterOperator.NotEqual or FilterOperator.NotIn } f:
                    yield return f.Field;
                    break;
                case UnaryFilter { Operator: UnaryOperator.IsNotNull or UnaryOperator.IsNotNan } u:
                    yield return u.Field;
                    break;
                case CompositeFilter c:
                    foreach (var inner in InequalityFields(c.Filters))
                    {
                        yield return inner;
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A comparison with null or NaN, != null, or NOT_IN holding null matches no document; Firestore drops such a
    /// filter before ordering, so it adds no implicit order (verified against the emulator).
    /// </summary>
    private static bool MatchesNothing(FieldFilter filter) => filter.Operator switch
    {
        FilterOperator.LessThan or FilterOperator.LessThanOrEqual or FilterOperator.GreaterThan or FilterOperator.GreaterThanOrEqual =>
            filter.Value is null || filter.Value is double d && double.IsNaN(d),
        FilterOperator.NotEqual => filter.Value is null,
        FilterOperator.NotIn => filter.Value is IReadOnlyList<object?> values && values.Any(v => v is null),
        _ => false,
    };

    /// <summary>A document's values for the query's normalised ordering, ending with its path: a keyset cursor.</summary>
    public static IReadOnlyList<object?> CursorValuesOf(Query query, Document document) =>
        Normalized(query).Select(o => o.Field.IsDocumentId ? document.Path : document[o.Field]).ToArray();
}
