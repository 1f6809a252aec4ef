namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// One top-level member of a JSON:API body as its UTF-8 bytes: <paramref name="Items"/> for a <c>data</c> or
/// <c>included</c> array (each element on its own), else <paramref name="Value"/>. A root that is not an object is one
/// member named "".
/// </summary>
internal sealed record JsonApiMember(string Name, byte[]? Value, IReadOnlyList<byte[]>? Items);
