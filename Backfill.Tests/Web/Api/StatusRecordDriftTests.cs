using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backfill.Services.Backfill;
using Backfill.Services.Backfill.Coverage;
using Backfill.Services.Backfill.Documents;
using Backfill.Services.Storage;
using Backfill.Web.Endpoints.Backfill;
using Backfill.Web.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Backfill.Tests.Web.Api;

/// <summary>
/// The stored status document and the API's status answer are written separately; these tests make them one record
/// in effect: the same field names and the same values, and no field of <see cref="BackfillStatus"/> left out of either.
/// </summary>
public sealed class StatusRecordDriftTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 34, 56, 789, TimeSpan.Zero);

    // Every member set to a value unlike its default, and unlike each other, so a swapped member shows.
    private static readonly BackfillStatus Sample = new()
    {
        ClientId = ClientId.Parse("rogue-creamery"),
        ClientName = "Rogue Creamery",
        State = BackfillState.WaitingRateLimit,
        RunId = "20261130T123456789Z-3f2a",
        Parameters = new BackfillParameters(null, 30, false, true, RunKind.Refresh, 9, true, [new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 20)]),
        Phase = "writing 2026-11-20",
        RangeStart = new DateOnly(2026, 10, 31),
        RangeEnd = new DateOnly(2026, 11, 29),
        TotalDays = 30,
        DaysCompleted = 19,
        CurrentDate = new DateOnly(2026, 11, 20),
        LastCompletedDate = new DateOnly(2026, 11, 18),
        TimeZone = "America/Los_Angeles",
        Currency = "USD",
        Campaigns = 11,
        Flows = 7,
        Orders = 1234,
        SkippedEvents = 3,
        DeletedOrders = 5,
        FutureDatedEvents = 6,
        UnmatchedRefunds = 8,
        RevenueByCurrency = new Dictionary<string, decimal> { ["USD"] = 98765.43m, ["CAD"] = 12.5m },
        KlaviyoRequests = 321,
        KlaviyoThrottled = 4,
        StartedAt = At,
        UpdatedAt = At.AddMinutes(1),
        CompletedAt = At.AddMinutes(2),
        Eta = At.AddMinutes(3),
        RateLimitedUntil = At.AddMinutes(4),
        Error = "Klaviyo answered 503",
        ErrorAt = At.AddMinutes(5),
        Attempts = 2,
        Instance = "web-7f3c-4121",
        Coverage = new ClientCoverage
        {
            Orders = DayRanges.Empty.Add(new DateOnly(2025, 12, 1), new DateOnly(2026, 3, 31)).Add(new DateOnly(2026, 6, 1), new DateOnly(2026, 11, 29)),
            DailyStatistics = DayRanges.Empty.Add(new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 29)),
            Totals = DayRanges.Empty.Add(new DateOnly(2025, 12, 2), new DateOnly(2026, 11, 28)),
        },
    };

    [Fact]
    public void Sample_SetsEveryMemberOfTheStatus()
    {
        var blank = BackfillStatus.NotStarted(ClientId.Parse("other"), "");
        var unset = typeof(BackfillStatus).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract" && Equals(p.GetValue(Sample), p.GetValue(blank)))
            .Select(p => p.Name)
            .ToList();

        Assert.True(unset.Count == 0, $"Set these in the sample (and store and answer them): {string.Join(", ", unset)}");
    }

    [Fact]
    public void ApiAnswer_HasTheDocumentsFields_WithTheSameValues()
    {
        var options = ApiJsonOptions();
        var document = JsonSerializer.SerializeToNode(BackfillStatusDocument.ToFields(Sample), options)!;
        var answer = JsonSerializer.SerializeToNode(StatusResponse.From(Sample), options)!;

        Assert.Equal(FieldNames(document), FieldNames(answer));
        Assert.True(JsonNode.DeepEquals(document, answer), $"document: {document.ToJsonString()}\nanswer:   {answer.ToJsonString()}");
    }

    [Fact]
    public void Document_RoundTripsEveryField()
    {
        var fields = StoreValues.NormalizeFields(BackfillStatusDocument.ToFields(Sample));
        var document = new Document(DataLayout.BackfillStatus(Sample.ClientId), fields, At, At);

        var read = BackfillStatusDocument.FromDocument(Sample.ClientId, Sample.ClientName, document);

        var options = ApiJsonOptions();
        Assert.Equal(
            JsonSerializer.Serialize(StatusResponse.From(Sample), options),
            JsonSerializer.Serialize(StatusResponse.From(read), options));
    }

    private static JsonSerializerOptions ApiJsonOptions()
    {
        var services = new ServiceCollection();
        services.AddBackfillApi();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
    }

    private static List<string> FieldNames(JsonNode node, string prefix = "") =>
        [.. node.AsObject().SelectMany(p => p.Value is JsonObject child && p.Key != "revenue_by_currency"
            ? FieldNames(child, prefix + p.Key + ".")
            : [prefix + p.Key]).Order(StringComparer.Ordinal)];
}
