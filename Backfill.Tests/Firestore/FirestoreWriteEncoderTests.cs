using System.Text;
using System.Text.Json;
using Backfill.Services.Firestore;
using Backfill.Services.Storage;

namespace Backfill.Tests.Firestore;

public sealed class FirestoreWriteEncoderTests
{
    private static readonly FirestoreResourceNames Names = new("p", "(default)");
    private static readonly DocumentPath Path = DocumentPath.Of("c", "d");
    private static readonly Dictionary<string, object?> Fields = new() { ["a.b"] = 1, ["m"] = new Dictionary<string, object?> { ["with space"] = true } };

    [Fact]
    public void Encode_Set_UpdateWithoutMaskOrPrecondition()
    {
        var json = Encode(Write.Set(Path, Fields));

        Assert.Equal("projects/p/databases/(default)/documents/c/d", json.GetProperty("update").GetProperty("name").GetString());
        Assert.True(json.GetProperty("update").GetProperty("fields").TryGetProperty("a.b", out _));
        Assert.False(json.TryGetProperty("updateMask", out _));
        Assert.False(json.TryGetProperty("currentDocument", out _));
    }

    [Fact]
    public void Encode_Create_ExistsFalse()
    {
        Assert.False(Encode(Write.Create(Path, Fields)).GetProperty("currentDocument").GetProperty("exists").GetBoolean());
    }

    [Fact]
    public void Encode_Merge_MaskOfEncodedLeafPathsWithoutPrecondition()
    {
        var json = Encode(Write.Merge(Path, Fields));

        Assert.Equal(["`a.b`", "m.`with space`"], json.GetProperty("updateMask").GetProperty("fieldPaths").EnumerateArray().Select(e => e.GetString()));
        Assert.False(json.TryGetProperty("currentDocument", out _));
    }

    [Fact]
    public void Encode_Update_MaskAndExistsTrue()
    {
        var json = Encode(Write.Update(Path, Fields, [FieldPath.Of("back`tick")]));

        Assert.Equal(["`back\\`tick`"], json.GetProperty("updateMask").GetProperty("fieldPaths").EnumerateArray().Select(e => e.GetString()));
        Assert.True(json.GetProperty("currentDocument").GetProperty("exists").GetBoolean());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encode_Delete_PreconditionOnlyWhenMustExist(bool mustExist)
    {
        var json = Encode(Write.Delete(Path, mustExist));

        Assert.Equal("projects/p/databases/(default)/documents/c/d", json.GetProperty("delete").GetString());
        Assert.Equal(mustExist, json.TryGetProperty("currentDocument", out _));
    }

    [Fact]
    public void Encode_OverOneMiB_ThrowsWithPath()
    {
        var huge = Write.Set(Path, new Dictionary<string, object?> { ["a"] = new string('x', 700_000), ["b"] = new byte[400_000] });

        var error = Assert.Throws<DocumentTooLargeException>(() => FirestoreWriteEncoder.Encode(huge, Names));

        Assert.Equal("c/d", error.DocumentPath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void BuildWritesBody_AnyCount_ValidJsonWithEveryWrite(int count)
    {
        var writes = Enumerable.Range(0, count).Select(i => FirestoreWriteEncoder.Encode(Write.Delete(DocumentPath.Of("c", $"d{i}")), Names)).ToArray();

        var body = JsonDocument.Parse(FirestoreWriteEncoder.BuildWritesBody(writes)).RootElement;

        Assert.Equal(count, body.GetProperty("writes").GetArrayLength());
    }

    [Fact]
    public void WriteStructuredQuery_FullQuery_EncodesEveryPart()
    {
        var query = Query.CollectionGroup("orders", DocumentPath.Of("clients", "acme"))
            .Where("value", FilterOperator.GreaterThan, 10)
            .Where(FieldPath.Of("utm", "a b"), UnaryOperator.IsNotNull)
            .OrderByField("value", Direction.Descending)
            .StartAfterValues(100)
            .EndBeforeValues(5)
            .WithLimit(7)
            .SelectFields("value");
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            FirestoreQueryEncoder.WriteStructuredQuery(writer, query, Names);
        }

        var json = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).RootElement;

        Assert.True(json.GetProperty("from")[0].GetProperty("allDescendants").GetBoolean());
        var filters = json.GetProperty("where").GetProperty("compositeFilter").GetProperty("filters");
        Assert.Equal("GREATER_THAN", filters[0].GetProperty("fieldFilter").GetProperty("op").GetString());
        Assert.Equal("10", filters[0].GetProperty("fieldFilter").GetProperty("value").GetProperty("integerValue").GetString());
        Assert.Equal("utm.`a b`", filters[1].GetProperty("unaryFilter").GetProperty("field").GetProperty("fieldPath").GetString());
        Assert.Equal("DESCENDING", json.GetProperty("orderBy")[0].GetProperty("direction").GetString());
        Assert.False(json.GetProperty("startAt").GetProperty("before").GetBoolean());
        Assert.True(json.GetProperty("endAt").GetProperty("before").GetBoolean());
        Assert.Equal(7, json.GetProperty("limit").GetInt32());
        Assert.Equal("value", json.GetProperty("select").GetProperty("fields")[0].GetProperty("fieldPath").GetString());
    }

    private static JsonElement Encode(Write write) => JsonDocument.Parse(FirestoreWriteEncoder.Encode(write, Names)).RootElement;
}
