namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Whether a document matches a filter, as Firestore decides it (each rule checked against the emulator):
/// comparisons only match values of the same type class (integers and doubles are one class); null and NaN
/// never equal anything in ==, IN, ARRAY_CONTAINS(_ANY) and NOT_IN (IS_NULL / IS_NAN find them); != and
/// NOT_IN skip missing and null fields; != null and a NOT_IN list holding null match nothing.
/// </summary>
internal static class FilterEvaluator
{
    public static bool Matches(Filter filter, Document document) => filter switch
    {
        FieldFilter f => MatchesField(f, document),
        UnaryFilter u => MatchesUnary(u, document),
        CompositeFilter { Operator: CompositeOperator.Or } c => c.Filters.Any(f => Matches(f, document)),
        CompositeFilter c => c.Filters.All(f => Matches(f, document)),
        _ => false,
    };

    public static bool TryGetValue(Document document, FieldPath field, out object? value)
    {
        if (field.IsDocumentId)
        {
            value = document.Path;
            return true;
        }

        return document.TryGet(field, out value);
    }

    private static bool MatchesField(FieldFilter filter, Document document)
    {
        if (!TryGetValue(document, filter.Field, out var value))
        {
            return false;
        }

        var operand = filter.Value;
        switch (filter.Operator)
        {
            case FilterOperator.Equal:
                return QueryEquals(value, operand);
            case FilterOperator.NotEqual:
                return value is not null && operand is not null && !QueryEquals(value, operand);
            case FilterOperator.LessThan:
            case FilterOperator.LessThanOrEqual:
            case FilterOperator.GreaterThan:
            case FilterOperator.GreaterThanOrEqual:
                return Comparable(value, operand) && Holds(filter.Operator, StoreValues.Compare(value, operand));
            case FilterOperator.ArrayContains:
                return value is IReadOnlyList<object?> items && items.Any(item => QueryEquals(item, operand));
            case FilterOperator.In:
                return operand is IReadOnlyList<object?> options && options.Any(option => QueryEquals(value, option));
            case FilterOperator.NotIn:
                return operand is IReadOnlyList<object?> excluded && !excluded.Any(e => e is null)
                    && value is not null && !excluded.Any(e => QueryEquals(value, e));
            case FilterOperator.ArrayContainsAny:
                return value is IReadOnlyList<object?> elements && operand is IReadOnlyList<object?> wanted
                    && elements.Any(element => wanted.Any(w => QueryEquals(element, w)));
            default:
                return false;
        }
    }

    private static bool MatchesUnary(UnaryFilter filter, Document document)
    {
        var exists = TryGetValue(document, filter.Field, out var value);
        return filter.Operator switch
        {
            UnaryOperator.IsNull => exists && value is null,
            UnaryOperator.IsNan => value is double d && double.IsNaN(d),
            UnaryOperator.IsNotNull => exists && value is not null,
            UnaryOperator.IsNotNan => exists && value is not null && !IsNaN(value),
            _ => false,
        };
    }

    /// <summary>Equality as filters see it: null and NaN equal nothing at the top level (nested, they compare as values).</summary>
    private static bool QueryEquals(object? left, object? right) =>
        left is not null && right is not null && !IsNaN(left) && !IsNaN(right) && StoreValues.ValueEquals(left, right);

    private static bool Comparable(object? left, object? right) =>
        left is not null && right is not null && !IsNaN(left) && !IsNaN(right)
        && StoreValues.TypeOrder(left) == StoreValues.TypeOrder(right);

    private static bool IsNaN(object? value) => value is double d && double.IsNaN(d);

    private static bool Holds(FilterOperator op, int comparison) => op switch
    {
        FilterOperator.LessThan => comparison < 0,
        FilterOperator.LessThanOrEqual => comparison <= 0,
        FilterOperator.GreaterThan => comparison > 0,
        _ => comparison >= 0,
    };
}
