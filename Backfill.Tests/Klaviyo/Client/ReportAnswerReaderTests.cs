using System.Text;
using System.Text.Json;
using Backfill.Services.Klaviyo.Client;

namespace Backfill.Tests.Klaviyo.Client;

/// <summary>
/// Reporting answers are read token by token from their bytes: they must read exactly as the parsed element read them
/// through <see cref="JsonFields"/> (the reference below), however odd the answer.
/// </summary>
public sealed class ReportAnswerReaderTests
{
    public static TheoryData<string> Answers => new()
    {
        // A metric aggregate as Klaviyo sends it, with a numeric string, a blank and a numeric dimension.
        """{"type":"metric-aggregate","id":"x","attributes":{"dates":["2026-03-01T00:00:00+00:00","2026-03-02T00:00:00+00:00"],"data":[{"dimensions":["MSG1"],"measurements":{"count":[1,2],"sum_value":[10.5,"20"]}},{"dimensions":[" ",7,null],"measurements":{"count":[3,0]}}]}}""",
        // Members in another order, repeated names (the last counts), nulls and values of the wrong kind.
        """{"attributes":{"data":[{"measurements":{"count":[1]},"dimensions":["A"],"dimensions":["B"],"measurements":{"count":[2],"count":[5,null,true,{"x":1},[1]]}}],"dates":null,"dates":["2026-03-01"]},"id":"x","type":"metric-aggregate"}""",
        // Rows that are not objects, a measurements member that is not an object, numbers beyond decimal and exponents.
        """{"type":"metric-aggregate","id":"x","attributes":{"dates":[1,"a",false],"data":[3,null,{"measurements":[1,2]},{"measurements":{"big":[1e300,"1e3",1.5E2,-0.0,"NaN"," 12.50 "]}}]}}""",
        // A repeated attributes member: the last object counts; rows that are not an array.
        """{"type":"metric-aggregate","id":"x","attributes":{"dates":["ignored"]},"attributes":{"dates":["2026-03-01"],"data":{"dimensions":["A"]}}}""",
        // Escaped names and strings.
        """{"type":"metric-aggregate","id":"x","attributes":{"d\u0061tes":["2026-03-01\u0054"],"data":[{"dimensions":["\u00e9t\u00e9"],"measurements":{"c\u006funt":[4]}}]}}""",
    };

    public static TheoryData<string> Series => new()
    {
        """{"type":"flow-series-report","attributes":{"date_times":["2026-01-01T00:00:00+00:00"],"results":[{"groupings":{"flow_id":"F1","flow_message_id":"M1","send_channel":"email"},"statistics":{"recipients":[4],"open_rate":[0.25]}}]}}""",
        // Groupings with numbers, nulls, nested values and a repeated name; a row without statistics.
        """{"type":"flow-series-report","attributes":{"results":[{"groupings":{"flow_id":12,"x":null,"y":{"a":1},"flow_id":"F2"}},{"statistics":null,"groupings":[]}],"date_times":["2026-01-01"]}}""",
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Read_MetricAggregate_ReadsAsTheParsedElementDoes(string resource) =>
        Assert.Equal(Reference(resource, "dates", "data", "measurements"), Describe(ReportAnswerReader.Read(Encoding.UTF8.GetBytes(resource), "dates", "data", "measurements")));

    [Theory]
    [MemberData(nameof(Series))]
    public void Read_FlowSeries_ReadsAsTheParsedElementDoes(string resource) =>
        Assert.Equal(Reference(resource, "date_times", "results", "statistics"), Describe(ReportAnswerReader.Read(Encoding.UTF8.GetBytes(resource), "date_times", "results", "statistics")));

    [Theory]
    [InlineData("""{"type":"metric-aggregate","id":"x"}""")]
    [InlineData("""{"type":"metric-aggregate","id":"x","attributes":null}""")]
    [InlineData("""{"type":"metric-aggregate","id":"x","attributes":{"dates":[]},"attributes":[1]}""")]
    public void Read_NoAttributesObject_IsNull(string resource)
    {
        Assert.Equal("null", Reference(resource, "dates", "data", "measurements"));
        Assert.Null(ReportAnswerReader.Read(Encoding.UTF8.GetBytes(resource), "dates", "data", "measurements"));
    }

    [Fact]
    public void Read_NumbersOfAMeasurement_KeepTheirPositions()
    {
        var answer = ReportAnswerReader.Read(
            """{"attributes":{"dates":["a","b","c"],"data":[{"dimensions":["M"],"measurements":{"count":[1,null,"2.5"]}}]}}"""u8.ToArray(), "dates", "data", "measurements")!;

        Assert.Equal([1m, null, 2.5m], answer.Rows[0].Values["count"]);
        Assert.Equal(["a", "b", "c"], answer.Labels);
    }

    /// <summary>
    /// The number and text rules themselves, which the reader and <see cref="JsonFields"/> share (so the comparison
    /// above cannot see a fault in them): a number beyond a decimal and a non-numeric string read as null; numeric
    /// strings, exponents and padded text read as their value; blank text as null.
    /// </summary>
    [Fact]
    public void Read_OddNumbersAndTexts_ReadAsTheForgivingRulesSay()
    {
        var answer = ReportAnswerReader.Read(
            """{"attributes":{"dates":[" a ","  ",3.50],"data":[{"measurements":{"n":[1e300,-1e29,7e28,"1e3",1.5E2," 12.50 ","NaN","x",true]}}]}}"""u8.ToArray(),
            "dates",
            "data",
            "measurements")!;

        Assert.Equal([null, null, 7e28m, 1000m, 150m, 12.50m, null, null, null], answer.Rows[0].Values["n"]);
        Assert.Equal(["a", null, "3.50"], answer.Labels);
    }

    /// <summary>What the client read before, through the parsed element.</summary>
    private static string Reference(string resource, string labels, string rows, string values)
    {
        using var document = JsonDocument.Parse(resource);
        if (document.RootElement.Object("attributes") is not { } attributes)
        {
            return "null";
        }

        var read = new ReportAnswer(
            [.. attributes.Array(labels).Select(d => d.AsText())],
            [.. attributes.Array(rows).Select(row =>
            {
                var series = new Dictionary<string, IReadOnlyList<decimal?>>(StringComparer.Ordinal);
                if (row.Object(values) is { } members)
                {
                    foreach (var member in members.EnumerateObject())
                    {
                        series[member.Name] = member.Value.ValueKind == JsonValueKind.Array ? [.. member.Value.EnumerateArray().Select(v => v.AsDecimal())] : [];
                    }
                }

                return new ReportAnswerRow([.. row.Array("dimensions").Select(d => d.AsText() ?? "")], KlaviyoResourceMapper.Groupings(row), series);
            })]);
        return Describe(read);
    }

    private static string Describe(ReportAnswer? answer) => answer is null
        ? "null"
        : JsonSerializer.Serialize(new
        {
            answer.Labels,
            Rows = answer.Rows.Select(r => new
            {
                r.Dimensions,
                Groupings = r.Groupings.OrderBy(g => g.Key, StringComparer.Ordinal).ToList(),
                Values = r.Values.OrderBy(v => v.Key, StringComparer.Ordinal).ToList(),
            }),
        });
}
