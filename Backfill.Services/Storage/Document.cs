namespace Backfill.Services.Storage;

/// <summary>
/// A stored document. Field values are normalised CLR values: null, bool, long, double, DateTimeOffset (UTC,
/// microseconds), string, byte[], <see cref="DocumentPath"/> (a reference), <see cref="GeoPoint"/>,
/// <c>IReadOnlyList&lt;object?&gt;</c> and <c>IReadOnlyDictionary&lt;string, object?&gt;</c>.
/// </summary>
public sealed record Document(
    DocumentPath Path,
    IReadOnlyDictionary<string, object?> Fields,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime)
{
    public string Id => Path.Id;

    /// <summary>The value at a (possibly nested) field path, or null when absent.</summary>
    public object? this[FieldPath field] => TryGet(field, out var value) ? value : null;

    public bool TryGet(FieldPath field, out object? value) => StoreValues.TryGetPath(Fields, field, out value);

    public T? Get<T>(FieldPath field) => this[field] is T t ? t : default;
}

/// <summary>A latitude/longitude pair, Firestore's geo point.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);
