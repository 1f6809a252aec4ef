using System.Text;
using System.Text.Json;
using Backfill.Services.Klaviyo;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// <see cref="JsonApiStreamReader"/>: a body read from its stream in pieces of any size keeps every resource byte for
/// byte as the body had it (so <c>raw_properties</c> stays what Klaviyo sent), resolves the same included resources and
/// next link as the body read whole, and refuses what is not one JSON value. Events read this way keep their bytes.
/// </summary>
public sealed class JsonApiStreamReaderTests
{
    private const string Page = """
        {"data":[{"type":"event","id":"E1","attributes":{"datetime":"2026-01-02T03:04:05+00:00","event_properties":{"$value":12.50,"Name":"caf\u00e9 \"x\"","Items":[1,2.0,3e2]}},
                  "relationships":{"profile":{"data":{"type":"profile","id":"P"}},"attributions":{"data":[{"type":"attribution","id":"A"},{"type":"attribution","id":"missing"}]}}},
                 {"type":"event","id":"E2","attributes":{"timestamp":1767323045,"event_properties":{"$value":1}},"relationships":{"profile":{"data":{"type":"profile","id":"P"}}}},
                 {"no":"type"}, 7, {"type":"event","id":"  "}, {"type":"event","id":42,"attributes":{}}],
         "included":[{"type":"profile","id":"P","attributes":{"email":"p@x"}},{"type":"profile","id":"P","attributes":{"email":"second"}},
                     {"type":"attribution","id":"A","attributes":{}}],
         "links":{"self":"s","next":"https://a.klaviyo.com/api/events?page%5Bcursor%5D=x"},
         "meta":{"count":2}}
        """;

    [Fact]
    public async Task ReadAsync_CutAtEveryByte_KeepsEveryResourceAsTheBodyHadIt()
    {
        var body = Encoding.UTF8.GetBytes(Page);
        using var whole = JsonDocument.Parse(body);
        var expected = whole.RootElement.GetProperty("data").EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out _) && e.TryGetProperty("id", out var id) && id.ToString().Trim().Length > 0)
            .Select(e => e.GetRawText())
            .ToList();

        // Chunks of n bytes filled by reads of a few bytes: across these sizes the body is parsed with its end cut
        // inside every kind of token and split over chunks everywhere.
        foreach (var (chunkSize, pieceSize) in Enumerable.Range(1, 96).Select(n => (n, n % 7 + 1)).Append((1 << 20, 1 << 20)))
        {
            var read = await JsonApiStreamReader.ReadAsync(new PieceStream(body, pieceSize), chunkSize, TestContext.Current.CancellationToken);

            Assert.Equal(expected, read.DataUtf8.Select(d => Encoding.UTF8.GetString(d)));
            Assert.Equal(["E1", "E2", "42"], read.Data.Select(d => d.String("id")));
            Assert.Equal("https://a.klaviyo.com/api/events?page%5Bcursor%5D=x", read.Next);
            Assert.Equal("p@x", Assert.Single(read.Related(read.Data[0], "profile")).GetProperty("attributes").GetProperty("email").GetString());
            Assert.Equal("A", Assert.Single(read.Related(read.Data[0], "attributions")).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task ReadAsync_ReadsAsTheWholeBodyDid_AndWritesBackTheSameJson()
    {
        var body = Encoding.UTF8.GetBytes(Page);
        var streamed = await JsonApiStreamReader.ReadAsync(new PieceStream(body, 5), 16, TestContext.Current.CancellationToken);
        using var whole = JsonDocument.Parse(body);
        var parsed = JsonApiDocument.Parse(whole.RootElement.Clone());

        Assert.Equal(parsed.Data.Select(d => d.GetRawText()), streamed.Data.Select(d => d.GetRawText()));
        Assert.Equal(parsed.Next, streamed.Next);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            streamed.WriteTo(writer);
        }

        using var written = JsonDocument.Parse(buffer.ToArray());
        Assert.True(JsonElement.DeepEquals(whole.RootElement, written.RootElement));
        Assert.Equal(["data", "included", "links", "meta"], written.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ReadAsync_ResourceLargerThanTheBuffer_IsKeptWhole()
    {
        var items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $$"""{"SKU":"S{{i}}","Price":{{i}}.5}"""));
        var large = "{\"type\":\"event\",\"id\":\"BIG\",\"attributes\":{\"event_properties\":{\"Items\":[" + items + "]}}}";
        var body = "{\"data\":[{\"type\":\"event\",\"id\":\"small\"}," + large + ",{\"type\":\"event\",\"id\":\"after\"}],\"links\":{\"next\":null}}";
        Assert.True(large.Length > 4 * JsonApiStreamReader.ChunkSize);

        var read = await JsonApiDocument.ReadAsync(new PieceStream(Encoding.UTF8.GetBytes(body), 4096), TestContext.Current.CancellationToken);

        Assert.Equal(["small", "BIG", "after"], read.Data.Select(d => d.String("id")));
        Assert.Equal(large, Encoding.UTF8.GetString(read.DataUtf8[1]));
        Assert.Null(read.Next);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html>busy</html>")]
    [InlineData("""{"data":[]} trailing""")]
    [InlineData("""{"data":[{"type":"event","id":"E1"}""")]
    [InlineData("""{"data":[{"type":"event","id":"E1"}],"links":{"next":"x""")]
    [InlineData("""{"data":[]}{"data":[]}""")]
    [InlineData("""{"data":[]""")]
    public async Task ReadAsync_NotOneJsonValue_ThrowsJsonException(string body)
    {
        foreach (var chunkSize in (int[])[1, 2, 3, 5, 8, 1 << 20])
        {
            await Assert.ThrowsAnyAsync<JsonException>(() =>
                JsonApiStreamReader.ReadAsync(new PieceStream(Encoding.UTF8.GetBytes(body), 3), chunkSize, TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("  {\"data\":[]}  ")]
    public async Task ReadAsync_OneJsonValue_IsRead(string body)
    {
        foreach (var chunkSize in (int[])[1, 2, 3, 5, 8, 1 << 20])
        {
            var read = await JsonApiStreamReader.ReadAsync(new PieceStream(Encoding.UTF8.GetBytes(body), 1), chunkSize, TestContext.Current.CancellationToken);

            Assert.Empty(read.Data);
            Assert.Null(read.Next);
        }
    }

    [Fact]
    public void Resources_IdentifiedFromTheirBytes_AsFromTheParsedElements()
    {
        const string Body = """
            {"data":[{"type":"event","id":"a","id":null},{"type":"event","id":null,"id":"b"},{"type":true,"id":1.50},{"type":" ","id":"c"},
                     {"id":"d"},{"type":"event","id":{"x":1}},{"type":"e\u0076ent","id":" e "}],
             "included":[{"type":"profile","id":" p "}]}
            """;
        var read = JsonApiDocument.Read(Encoding.UTF8.GetBytes(Body));
        using var whole = JsonDocument.Parse(Body);
        var elements = whole.RootElement.GetProperty("data").EnumerateArray()
            .Where(e => e.String("type") is not null && e.String("id") is not null)
            .Select(e => e.GetRawText());

        Assert.Equal(elements, read.Data.Select(d => d.GetRawText()));
        Assert.Equal(["b", "1.50", "e"], read.Data.Select(d => d.String("id")));
        Assert.NotNull(read.Find("profile", "p"));
    }

    [Fact]
    public void Events_KeepTheirBytes_AndShareAnIncludedProfile()
    {
        var page = JsonApiDocument.Read(Encoding.UTF8.GetBytes(Page));
        var events = page.DataUtf8.Select(d => KlaviyoResourceMapper.Event(d, page)).OfType<KlaviyoEvent>().ToList();
        using var whole = JsonDocument.Parse(Page);
        var first = whole.RootElement.GetProperty("data")[0];

        Assert.Equal(["E1", "E2"], events.Select(e => e.Id));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), events[0].Datetime);
        Assert.Equal(first.GetRawText(), events[0].Resource.GetRawText());
        Assert.Equal(first.GetProperty("attributes").GetProperty("event_properties").GetRawText(), events[0].EventProperties.GetRawText());
        Assert.Equal(events[0].EventProperties.GetRawText(), KlaviyoEvent.PropertiesOf(events[0].Resource).GetRawText());
        Assert.Equal("p@x", events[1].Profile?.GetProperty("attributes").GetProperty("email").GetString());
        Assert.Equal("A", Assert.Single(events[0].Attributions).GetProperty("id").GetString());
        Assert.Empty(events[1].Attributions);
        Assert.Same(page.RelatedUtf8(events[0].Resource, "profile")[0], page.RelatedUtf8(events[1].Resource, "profile")[0]);
    }

    /// <summary>A body that arrives at most <paramref name="pieceSize"/> bytes a read, as a network stream may.</summary>
    private sealed class PieceStream(byte[] bytes, int pieceSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var length = Math.Min(Math.Min(pieceSize, buffer.Length), bytes.Length - _position);
            bytes.AsSpan(_position, length).CopyTo(buffer);
            _position += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
