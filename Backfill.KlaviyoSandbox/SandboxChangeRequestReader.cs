using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Reads and checks a <c>POST /_control/changes</c> body at the edge, naming every wrong field, so nothing past it
/// has to cope with an unknown account, a day outside the history or a runaway count.
/// </summary>
internal sealed class SandboxChangeRequestReader
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxCount = 1000;
    public const int MaxDays = 366;

    private static readonly string[] Fields = ["account", "add_orders", "delete_orders", "update_campaigns", "delete_campaigns", "delete_flows"];
    private static readonly string[] DayFields = ["date", "count"];

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private readonly SandboxWorld _world;

    private SandboxChangeRequestReader(SandboxWorld world) => _world = world;

    public static async Task<SandboxChangeReading> ReadAsync(HttpRequest request, SandboxWorld world, CancellationToken cancellationToken)
    {
        var reader = new SandboxChangeRequestReader(world);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be JSON (Content-Type: application/json).");
        }
        var bytes = await ReadBoundedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "Body too large", Invariant($"The body is larger than {MaxBytes / 1024} KiB."));
        }
        JsonDocument document;
        try
        {
            // A repeated key is refused rather than silently taking one of its values.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            reader.Fail("body", "the body is not valid JSON, or repeats a key");
            return new SandboxChangeReading(null, null, reader._errors);
        }
        using (document)
        {
            return new SandboxChangeReading(reader.Read(document.RootElement), null, reader._errors);
        }
    }

    private SandboxChangeRequest? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail("body", "the body must be a JSON object");
            return null;
        }
        foreach (var property in root.EnumerateObject().Where(p => !Fields.Contains(p.Name, StringComparer.Ordinal)))
        {
            Fail(property.Name, Invariant($"{property.Name} is not a field of a change request (known: {string.Join(", ", Fields)})"));
        }

        var account = Account(root);
        var catalog = account is null ? null : _world.Catalog(account);
        var addOrders = Days(root, "add_orders", catalog);
        var deleteOrders = Days(root, "delete_orders", catalog);
        var updateCampaigns = Count(root, "update_campaigns");
        var deleteCampaigns = Count(root, "delete_campaigns");
        var deleteFlows = Count(root, "delete_flows");
        return _errors.Count > 0 || account is null
            ? null
            : new SandboxChangeRequest(account, addOrders, deleteOrders, updateCampaigns, deleteCampaigns, deleteFlows);
    }

    private SandboxAccountDefinition? Account(JsonElement root)
    {
        if (!root.TryGetProperty("account", out var value) || value.ValueKind != JsonValueKind.String)
        {
            Fail("account", "account is required: the slug of a sandbox account");
            return null;
        }
        string slug;
        try
        {
            slug = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // The parser accepts a lone surrogate escape; only decoding the string fails.
            slug = string.Empty;
        }
        var account = _world.Accounts.FindBySlug(slug);
        if (account is null)
        {
            Fail("account", Invariant($"account must be one of {_world.Accounts.DescribeSlugs()}"));
        }
        return account;
    }

    private List<SandboxDayCount> Days(JsonElement root, string name, SandboxCatalog? catalog)
    {
        var days = new List<SandboxDayCount>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return days;
        }
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() > MaxDays)
        {
            Fail(name, Invariant($"{name} must be a list of at most {MaxDays} {{\"date\":\"yyyy-MM-dd\",\"count\":N}} objects"));
            return days;
        }
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var field = Invariant($"{name}[{index++}]");
            if (entry.ValueKind != JsonValueKind.Object)
            {
                Fail(field, Invariant($"{field} must be an object {{\"date\":\"yyyy-MM-dd\",\"count\":N}}"));
                continue;
            }
            foreach (var property in entry.EnumerateObject().Where(p => !DayFields.Contains(p.Name, StringComparer.Ordinal)))
            {
                Fail(field + "." + property.Name, Invariant($"{field}.{property.Name} is not a field (known: date, count)"));
            }
            var date = Date(entry, field + ".date", catalog);
            var count = entry.TryGetProperty("count", out var given) && given.ValueKind != JsonValueKind.Null
                ? Count(entry, "count", field + ".count")
                : Missing(field + ".count");
            if (date is { } day)
            {
                days.Add(new SandboxDayCount(day, count));
            }
        }
        return days;
    }

    private DateOnly? Date(JsonElement entry, string field, SandboxCatalog? catalog)
    {
        if (!entry.TryGetProperty("date", out var value) || value.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            Fail(field, Invariant($"{field} is required: a real calendar date written yyyy-MM-dd"));
            return null;
        }
        if (catalog is null)
        {
            return day;
        }
        var today = catalog.LocalDay(_world.Time.GetUtcNow().ToUnixTimeSeconds());
        if (day > today)
        {
            Fail(field, Invariant($"{field} is in the future: today is {today:yyyy-MM-dd} in {catalog.Account.TimeZoneId}"));
            return null;
        }
        if (day < catalog.HistoryStart || day > catalog.HistoryEnd)
        {
            Fail(field, Invariant($"{field} is outside the account's history, {catalog.HistoryStart:yyyy-MM-dd} to {catalog.HistoryEnd:yyyy-MM-dd}"));
            return null;
        }
        return day;
    }

    private int Count(JsonElement owner, string name, string? field = null)
    {
        field ??= name;
        if (!owner.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count is >= 0 and <= MaxCount)
        {
            return count;
        }
        Fail(field, Invariant($"{field} must be a whole number from 0 to {MaxCount}"));
        return 0;
    }

    private int Missing(string field)
    {
        Fail(field, Invariant($"{field} is required: a whole number from 0 to {MaxCount}"));
        return 0;
    }

    private void Fail(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    private static SandboxChangeReading Refuse(int status, string title, string detail) =>
        new(null, TypedResults.Problem(detail, statusCode: status, title: title), new Dictionary<string, string[]>());

    /// <summary>The whole body, or null as soon as it passes <see cref="MaxBytes"/> (a declared length is not trusted).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
