namespace Backfill.Services.Storage.Embedded;

/// <summary>
/// Firestore's count, sum and avg over a query's results: sum stays an integer while every value is one and
/// the total fits, else becomes a double; avg is a double, null over no numbers; other types are skipped.
/// </summary>
internal static class Aggregator
{
    public const int MaxAggregations = 5;

    public static IReadOnlyList<string> Validate(IReadOnlyList<Aggregation> aggregations)
    {
        if (aggregations.Count == 0)
        {
            Fail("Aggregations can not be empty.");
        }

        if (aggregations.Count > MaxAggregations)
        {
            Fail($"Aggregations can contain at most {MaxAggregations} aggregations.");
        }

        var aliases = aggregations.Select((a, i) => string.IsNullOrEmpty(a.Alias) ? $"field_{i + 1}" : a.Alias).ToArray();
        var duplicate = aliases.GroupBy(a => a, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            Fail($"Aggregation aliases contain duplicate alias: {duplicate.Key}.");
        }

        foreach (var aggregation in aggregations)
        {
            if (aggregation.Kind != AggregationKind.Count && aggregation.Field is null)
            {
                Fail($"the {aggregation.Kind} aggregation '{aggregation.Alias}' needs a field");
            }

            if (aggregation.Field is { IsDocumentId: true })
            {
                Fail("Aggregations are not supported for the property: __key__");
            }

            if (aggregation.UpTo < 0)
            {
                Fail("upTo must be non-negative");
            }
        }

        return aliases;
    }

    /// <summary>
    /// Firestore runs sum and avg over the index of their field, so it orders by each aggregated field not already
    /// ordered (after the explicit and inequality fields, in field-path order, before <c>__name__</c>): documents
    /// missing one are not counted, and a limit keeps the first documents in that order (verified against the emulator).
    /// </summary>
    public static Query OrderByAggregatedFields(Query query, IReadOnlyList<Aggregation> aggregations)
    {
        var ordering = QueryOrdering.Normalized(query);
        var missing = aggregations
            .Where(a => a.Kind != AggregationKind.Count && a.Field is { IsDocumentId: false })
            .Select(a => a.Field!)
            .Where(f => !ordering.Any(o => o.Field.Equals(f)))
            .Distinct()
            .Order(Comparer<FieldPath>.Create((a, b) => StoreValues.CompareSegments(a.Segments, b.Segments)))
            .ToArray();
        if (missing.Length == 0)
        {
            return query;
        }

        if (query.OrderBy.Any(o => o.Field.IsDocumentId))
        {
            Fail($"This query requires an index that has fields [{string.Join(", ", missing.Select(f => f.Encoded))}] after __name__ and Firestore does not currently support such an index.");
        }

        var direction = ordering[^1].Direction;
        return query with { OrderBy = [.. ordering.Take(ordering.Count - 1), .. missing.Select(f => new Ordering(f, direction))] };
    }

    public static async Task<AggregateResult> RunAsync(
        IAsyncEnumerable<Document> results, IReadOnlyList<Aggregation> aggregations, IReadOnlyList<string> aliases)
    {
        var accumulators = aggregations.Select(a => new Accumulator(a)).ToArray();
        await foreach (var document in results)
        {
            foreach (var accumulator in accumulators)
            {
                accumulator.Add(document);
            }
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < accumulators.Length; i++)
        {
            values[aliases[i]] = accumulators[i].Result();
        }

        return new AggregateResult(values);
    }

    private static void Fail(string message) => throw new StoreException(StoreErrorCode.InvalidArgument, message);

    private sealed class Accumulator(Aggregation aggregation)
    {
        private long count;
        private long numericCount;
        private long integerSum;
        private double doubleSum;
        private bool isDouble;

        public void Add(Document document)
        {
            count++;
            if (aggregation.Kind == AggregationKind.Count || !document.TryGet(aggregation.Field!, out var value))
            {
                return;
            }

            switch (value)
            {
                case long l:
                    numericCount++;
                    if (isDouble)
                    {
                        doubleSum += l;
                    }
                    else
                    {
                        var sum = unchecked(integerSum + l);

                        // Overflow: both operands have the sign the sum lacks. Firestore then answers a double.
                        if (((integerSum ^ sum) & (l ^ sum)) < 0)
                        {
                            isDouble = true;
                            doubleSum = (double)integerSum + l;
                        }
                        else
                        {
                            integerSum = sum;
                        }
                    }

                    break;
                case double d:
                    numericCount++;
                    if (!isDouble)
                    {
                        isDouble = true;
                        doubleSum = integerSum;
                    }

                    doubleSum += d;
                    break;
            }
        }

        public object? Result() => aggregation.Kind switch
        {
            AggregationKind.Count => aggregation.UpTo is { } upTo ? Math.Min(count, upTo) : count,
            AggregationKind.Sum => isDouble ? doubleSum : (object)integerSum,
            _ => numericCount == 0 ? null : (isDouble ? doubleSum : integerSum) / (double)numericCount,
        };
    }
}
