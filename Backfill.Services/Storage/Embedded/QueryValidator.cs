namespace Backfill.Services.Storage.Embedded;

/// <summary>The checks Firestore makes before running a query, with its messages (verified against the emulator).</summary>
internal static class QueryValidator
{
    private const int MaxDisjunctions = 30;

    public static void Validate(Query query, IReadOnlyList<Ordering> ordering)
    {
        if (query.Limit < 0)
        {
            Fail("limit is negative");
        }

        var seen = new HashSet<FieldPath>();
        foreach (var order in query.OrderBy)
        {
            if (!seen.Add(order.Field))
            {
                Fail($"order by clause cannot contain duplicate fields {order.Field}");
            }
        }

        var counts = new Counts();
        foreach (var filter in query.Filters)
        {
            Check(filter, counts);
        }

        if (counts.NotFilters > 1)
        {
            Fail("Only a single 'NOT_EQUAL', 'NOT_IN', 'IS_NOT_NAN', or 'IS_NOT_NULL' filter allowed per query.");
        }

        if (counts.NotIn && (counts.In || counts.ArrayContainsAny || counts.Or))
        {
            Fail("'NOT_IN' cannot be used in the same query with 'IN', 'ARRAY_CONTAINS_ANY' or 'OR'.");
        }

        var root = new CompositeFilter(CompositeOperator.And, query.Filters);
        if (ArrayContainsPerDisjunction(root) > 1)
        {
            Fail("A maximum of 1 'ARRAY_CONTAINS' filter is allowed per disjunction.");
        }

        var disjunctions = Disjunctions(root);
        if (disjunctions > MaxDisjunctions)
        {
            Fail($"Too many disjunctions after normalization. Result had {disjunctions} disjunctions which is more than the maximum of {MaxDisjunctions}");
        }

        ValidateCursor(query.StartAt, ordering);
        ValidateCursor(query.EndAt, ordering);
    }

    private static void ValidateCursor(Cursor? cursor, IReadOnlyList<Ordering> ordering)
    {
        if (cursor is null)
        {
            return;
        }

        if (cursor.Values.Count > ordering.Count)
        {
            Fail("Cursor has too many values.");
        }

        for (var i = 0; i < cursor.Values.Count; i++)
        {
            if (ordering[i].Field.IsDocumentId && cursor.Values[i] is not DocumentPath)
            {
                Fail("Cursor __key__ value is not a document reference.");
            }
        }
    }

    private static void Check(Filter filter, Counts counts)
    {
        switch (filter)
        {
            case CompositeFilter composite:
                // The emulator accepts an empty AND (it matches everything) but not an empty OR.
                if (composite.Filters.Count == 0 && composite.Operator == CompositeOperator.Or)
                {
                    Fail("Composite filter must have at least one sub-filter.");
                }

                counts.Or |= composite.Operator == CompositeOperator.Or && composite.Filters.Count > 1;
                foreach (var inner in composite.Filters)
                {
                    Check(inner, counts);
                }

                break;
            case FieldFilter field:
                CheckField(field, counts);
                break;
            case UnaryFilter unary:
                if (unary.Operator is UnaryOperator.IsNotNan or UnaryOperator.IsNotNull)
                {
                    counts.NotFilters++;
                }

                break;
        }
    }

    private static void CheckField(FieldFilter filter, Counts counts)
    {
        var name = OperatorName(filter.Operator);
        if (filter.Operator is FilterOperator.In or FilterOperator.NotIn or FilterOperator.ArrayContainsAny)
        {
            if (filter.Value is not IReadOnlyList<object?> values)
            {
                Fail($"'{name}' requires an ArrayValue.");
                return;
            }

            if (values.Count == 0)
            {
                Fail($"'{name}' requires an non-empty ArrayValue.");
            }

            var max = filter.Operator == FilterOperator.NotIn ? 10 : 30;
            if (values.Count > max)
            {
                Fail($"'{name}' supports up to {max} comparison values.");
            }

            if (filter.Field.IsDocumentId && values.Any(v => v is not DocumentPath))
            {
                Fail("__key__ filter value must be a Key");
            }
        }
        else if (filter.Field.IsDocumentId && filter.Value is not DocumentPath)
        {
            Fail("__key__ filter value must be a Key");
        }

        if (filter.Field.IsDocumentId && filter.Operator is FilterOperator.ArrayContains or FilterOperator.ArrayContainsAny)
        {
            Fail($"'{name}' cannot be used on __key__");
        }

        switch (filter.Operator)
        {
            case FilterOperator.NotEqual: counts.NotFilters++; break;
            case FilterOperator.NotIn: counts.NotFilters++; counts.NotIn = true; break;
            case FilterOperator.In: counts.In = true; break;
            case FilterOperator.ArrayContainsAny: counts.ArrayContainsAny = true; break;
        }
    }

    /// <summary>How many conjunctions the filter becomes in disjunctive normal form (IN and ARRAY_CONTAINS_ANY expand).</summary>
    private static long Disjunctions(Filter filter) => filter switch
    {
        FieldFilter { Operator: FilterOperator.In or FilterOperator.ArrayContainsAny, Value: IReadOnlyList<object?> values } => values.Count,
        CompositeFilter { Operator: CompositeOperator.Or } c => c.Filters.Sum(Disjunctions),
        CompositeFilter c => c.Filters.Aggregate(1L, (product, f) => Math.Min(product * Disjunctions(f), 1_000_000)),
        _ => 1,
    };

    private static int ArrayContainsPerDisjunction(Filter filter) => filter switch
    {
        FieldFilter { Operator: FilterOperator.ArrayContains or FilterOperator.ArrayContainsAny } => 1,
        CompositeFilter { Operator: CompositeOperator.Or } c => c.Filters.Count == 0 ? 0 : c.Filters.Max(ArrayContainsPerDisjunction),
        CompositeFilter c => c.Filters.Sum(ArrayContainsPerDisjunction),
        _ => 0,
    };

    private static string OperatorName(FilterOperator op) => op switch
    {
        FilterOperator.In => "IN",
        FilterOperator.NotIn => "NOT_IN",
        FilterOperator.ArrayContainsAny => "ARRAY_CONTAINS_ANY",
        FilterOperator.ArrayContains => "ARRAY_CONTAINS",
        _ => op.ToString(),
    };

    private static void Fail(string message) => throw new StoreException(StoreErrorCode.InvalidArgument, message);

    private sealed class Counts
    {
        public int NotFilters { get; set; }

        public bool NotIn { get; set; }

        public bool In { get; set; }

        public bool ArrayContainsAny { get; set; }

        public bool Or { get; set; }
    }
}
