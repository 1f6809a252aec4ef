using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Backfill.Tests.Web.Api;

/// <summary>
/// One hostile request and what must come back: one of <paramref name="Statuses"/>, and (unless Kestrel itself refused
/// it, <paramref name="FromServer"/>) a problem body whose <c>errors</c> name exactly <paramref name="Fields"/>.
/// </summary>
internal sealed record HostileCase(string Method, string Target, int[] Statuses, string[] Fields, Func<HttpContent>? Content = null, bool FromServer = false);

/// <summary>The table: every input-taking route × values outside (and just inside) its rules.</summary>
internal static class HostileCases
{
    private const string Nobody = "nobody";
    private const string Known = "rogue-creamery";

    /// <summary>Client id values that break the layout rule, as they go on the wire (already percent-encoded).</summary>
    private static readonly (string Label, string Segment)[] BadClientIds =
    [
        ("upper case", "Rogue-Creamery"),
        ("encoded ../x", "..%2Fx"),
        ("encoded a/b", "a%2Fb"),
        ("encoded backslash", "a%5Cb"),
        ("space inside", "x%20y"),
        ("leading space", "%20" + Known),
        ("trailing space", Known + "%20"),
        ("trailing newline", Known + "%0A"),
        ("trailing CRLF", Known + "%0D%0A"),
        ("tab", "%09" + Known),
        ("NUL", "x%00"),
        ("dot inside", "a.b"),
        ("reserved __x__", "__x__"),
        ("leading dash", "-x"),
        ("leading underscore", "_x"),
        ("Cyrillic a look-alike", Uri.EscapeDataString("\u0430cme")),
        ("Cyrillic o look-alike", Uri.EscapeDataString("r\u043Egue-creamery")),
        ("full-width letters", Uri.EscapeDataString("\uFF52\uFF4F\uFF47\uFF55\uFF45")),
        ("zero-width space", Uri.EscapeDataString("rogue\u200Bcreamery")),
        ("RTL override", Uri.EscapeDataString("\u202Erogue")),
        ("dotless i", Uri.EscapeDataString("cl\u0131ent")),
        ("Kelvin sign", Uri.EscapeDataString("\u212Aelvin")),
        ("Arabic-Indic digit", Uri.EscapeDataString("client\u0661")),
        ("combining accent", Uri.EscapeDataString("e\u0301")),
        ("emoji", "%F0%9F%98%80"),
        ("invalid UTF-8", "x%FF"),
        ("stray percent", "x%zz"),
        ("encoded question mark", "x%3Fy"),
        ("encoded hash", "x%23y"),
        ("semicolon", "x;y"),
        ("64 characters", new string('a', 64)),
        ("200 characters", new string('a', 200)),
        ("1000 characters", new string('a', 1000)),
    ];

    /// <summary>Every route with a {client_id}: method, path before and after the id.</summary>
    private static readonly (string Method, string Before, string After)[] ClientRoutes =
    [
        ("POST", "/api/backfill/start/", "?days=1"),
        ("POST", "/api/backfill/cancel/", ""),
        ("POST", "/api/backfill/retry/", ""),
        ("DELETE", "/api/backfill/clear/", ""),
        ("POST", "/api/backfill/refresh/", ""),
        ("DELETE", "/api/backfill/data/", ""),
        ("GET", "/api/backfill/runs/", ""),
        ("GET", "/api/backfill/validation/", ""),
        ("POST", "/api/backfill/validate/", ""),
        ("GET", "/api/backfill/status/", ""),
        ("GET", "/api/backfill/data/", "/summary"),
        ("GET", "/api/backfill/data/", "/orders"),
        ("GET", "/api/backfill/data/", "/orders.csv"),
        ("GET", "/api/backfill/data/", "/range?from=2026-01-01&to=2026-01-31"),
        ("GET", "/api/backfill/data/", "/export?kind=orders"),
        ("DELETE", "/api/clients/", ""),
        ("PUT", "/api/clients/", ""),
        ("PUT", "/api/clients/", "/schedule"),
        ("DELETE", "/api/clients/", "/schedule"),
    ];

    public static IReadOnlyDictionary<string, HostileCase> All { get; } = Build();

    private static Dictionary<string, HostileCase> Build()
    {
        var cases = new Dictionary<string, HostileCase>(StringComparer.Ordinal);
        AddClientIdCases(cases);
        AddStartQueryCases(cases);
        AddOrdersQueryCases(cases);
        AddExportQueryCases(cases);
        AddStartAllBodyCases(cases);
        AddNewClientBodyCases(cases);
        AddScheduleBodyCases(cases);
        AddSandboxControlCases(cases);
        return cases;
    }

    private static void AddClientIdCases(Dictionary<string, HostileCase> cases)
    {
        foreach (var (method, before, after) in ClientRoutes)
        {
            var route = $"{method} {before}{{id}}{after}";
            foreach (var (label, segment) in BadClientIds)
            {
                // Kestrel itself refuses a NUL in the path (a bare 400, before any middleware could write a problem).
                cases.Add($"{route} id={label}", new(method, before + segment + after, [400], label == "NUL" ? [] : ["client_id"], FromServer: label == "NUL"));
            }

            // 63 characters is the longest id: it passes the rule, so the answer is "unknown client".
            cases.Add($"{route} id=63 characters", new(method, before + new string('a', 63) + after, [404], []));
            // A raw '/' or dot segment is a different path (Kestrel removes dot segments), never this route's client.
            cases.Add($"{route} id=raw a/b", new(method, before + "a/b" + after, [404, 405], []));
            cases.Add($"{route} id=raw ..", new(method, before + ".." + after, [404, 405], []));
            cases.Add($"{route} id=raw .", new(method, before + "." + after, method == "GET" && after == "" && before == "/api/backfill/status/" ? [200] : [404, 405], []));
        }
    }

    private static void AddStartQueryCases(Dictionary<string, HostileCase> cases)
    {
        void Start(string query, int status, params string[] fields) =>
            cases.Add($"POST start ?{query}", new("POST", $"/api/backfill/start/{Nobody}?{query}", [status], fields));

        foreach (var years in new[] { "0", "-1", "11", "1.5", "abc", "1e1", "%201", "1%20", "0x1", "", "2147483648", "-0", "%D9%A1", "1,0", "true" })
        {
            Start("years=" + years, 400, "years");
        }

        foreach (var days in new[] { "0", "3661", "-1", "1.5", "", "1e3", "99999999999" })
        {
            Start("days=" + days, 400, "days");
        }

        foreach (var flag in new[] { "maybe", "1", "0", "yes", "", "%20" })
        {
            Start("include_orders=" + flag, 400, "include_orders");
        }

        Start("years=1&years=1", 400, "years");
        Start("days=7&days=8", 400, "days");
        Start("include_orders=true&include_orders=false", 400, "include_orders");
        Start("years=1&days=7", 400, "days");
        Start("years=0&include_orders=maybe", 400, "years", "include_orders");
        Start("years=0&pad=" + new string('x', 6000), 400, "years");
        // Query names are matched without regard to case (ASP.NET Core's rule), and after percent-decoding.
        Start("YEARS=0", 400, "years");
        Start("years=1&Years=2", 400, "years");
        Start("%79ears=0", 400, "years");

        // Just inside the rules (and unknown parameters): accepted, so the unknown client answers 404.
        foreach (var valid in new[] { "years=1", "years=10", "years=01", "days=1", "days=3660", "include_orders=false", "include_orders=TRUE", "foo=bar", "years=1&pad=" + new string('x', 6000) })
        {
            Start(valid, 404);
        }

        // Past Kestrel's request-line limit: refused by the server before any handler runs.
        cases.Add("POST start ?100 KB query", new("POST", $"/api/backfill/start/{Nobody}?years=1&pad=" + new string('x', 100_000), [414], [], FromServer: true));
    }

    private static void AddOrdersQueryCases(Dictionary<string, HostileCase> cases)
    {
        void Orders(string query, int status, params string[] fields) =>
            cases.Add($"GET orders ?{query}", new("GET", $"/api/backfill/data/{Known}/orders?{query}", [status], fields));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var date in new[]
        {
            "2024-13-01", "2024-02-30", "2023-02-29", "yesterday", "2999-01-01", Day(today.AddDays(3)), "2024-1-01", "2024-01-1",
            "2024-01-01T00:00:00Z", "2024-01-01%2000:00", "%202024-01-01", "2024-01-01%20", "1989-12-31", "0001-01-01", "", "24-01-01",
            "2024%2F01%2F01", "01-02-2024", "%D9%A2%D9%A0%D9%A2%D9%A4-01-01", "2024-01-01%00",
        })
        {
            Orders("date=" + date, 400, "date");
            cases.Add($"GET orders.csv ?date={date}", new("GET", $"/api/backfill/data/{Known}/orders.csv?date={date}", [400], ["date"]));
        }

        foreach (var limit in new[] { "0", "-5", "100000", "1001", "1.5", "abc", "", "1e3", "%201" })
        {
            Orders("limit=" + limit, 400, "limit");
        }

        foreach (var token in new[]
        {
            "not-a-token", "!!!!", "%00", new string('A', 513), new string('A', 512), Token("abc"), Token("x:y"), Token("-1:x"),
            Token("99999999999999999999:x"), Token("1:"), Token("1:a/b"), Token("1:.."), Token("+1:x"), TokenBytes([0xFF, 0xFE, 0x3A, 0x61]),
        })
        {
            Orders("page_token=" + token, 400, "page_token");
        }

        Orders("date=2024-01-01&date=2024-01-02", 400, "date");
        Orders("limit=1&limit=2", 400, "limit");
        Orders("page_token=a&page_token=b", 400, "page_token");
        Orders("date=2024-02-30&limit=0&page_token=" + new string('A', 513), 400, "date", "limit", "page_token");

        foreach (var valid in new[] { "date=2024-02-29", "date=1990-01-01", "date=" + Day(today.AddDays(1)), "limit=1", "limit=1000", "page_token=" + Token("0:x"), "foo=bar" })
        {
            Orders(valid, 200);
        }
    }

    private static void AddExportQueryCases(Dictionary<string, HostileCase> cases)
    {
        void Export(string query, int status, params string[] fields) =>
            cases.Add($"GET export ?{query}", new("GET", $"/api/backfill/data/{Known}/export?{query}", [status], fields));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Export("", 400, "kind");
        Export("format=csv", 400, "kind");
        foreach (var kind in new[] { "", "order", "all", "orders%20", "%20orders", "orders,daily", "0", "%00", "ORDERS%00", new string('k', 2000) })
        {
            Export("kind=" + kind, 400, "kind");
        }

        foreach (var format in new[] { "", "xls", "json", "csv%0A", "x%2Fy", "1" })
        {
            Export("kind=orders&format=" + format, 400, "format");
        }

        foreach (var date in new[] { "2024-02-30", "yesterday", "2999-01-01", Day(today.AddDays(3)), "1989-12-31", "", "2024-01-01T00:00:00Z", "%D9%A2%D9%A0%D9%A2%D9%A4-01-01" })
        {
            Export("kind=orders&from=" + date, 400, "from");
            Export("kind=orders&to=" + date, 400, "to");
        }

        Export("kind=orders&from=2024-01-02&to=2024-01-01", 400, "to");
        Export("kind=orders&kind=daily", 400, "kind");
        Export("kind=orders&format=csv&format=xlsx", 400, "format");
        Export("kind=orders&from=2024-01-01&from=2024-01-02", 400, "from");
        Export("kind=orders&to=2024-01-01&To=2024-01-02", 400, "to");
        Export("kind=bogus&format=pdf&from=2024-13-01&to=x", 400, "kind", "format", "from", "to");

        // Just inside the rules, any case: a file (the known client has no data yet, so a header or an empty sheet).
        foreach (var valid in new[]
        {
            "kind=orders", "kind=DAILY&format=XLSX", "kind=campaigns&format=csv", "kind=flows&format=xlsx", "kind=orders&from=1990-01-01",
            "kind=orders&to=" + Day(today.AddDays(1)), "kind=orders&from=2024-01-01&to=2024-01-01", "kind=orders&foo=bar",
        })
        {
            Export(valid, 200);
        }
    }

    private static void AddStartAllBodyCases(Dictionary<string, HostileCase> cases)
    {
        void StartAll(string label, Func<HttpContent> content, int status, params string[] fields) =>
            cases.Add($"POST start-all {label}", new("POST", "/api/backfill/start-all", [status], fields, content));

        foreach (var (label, json) in MalformedJson())
        {
            StartAll(label, Json(json), 400, "body");
        }

        StartAll("years as string", Json("""{"years":"1"}"""), 400, "years");
        StartAll("years fractional", Json("""{"years":1.5}"""), 400, "years");
        StartAll("years 10.0", Json("""{"years":10.0}"""), 400, "years");
        StartAll("years exponent", Json("""{"years":1e1}"""), 400, "years");
        StartAll("years true", Json("""{"years":true}"""), 400, "years");
        StartAll("years object", Json("""{"years":{}}"""), 400, "years");
        StartAll("years huge", Json("""{"years":99999999999999999999}"""), 400, "years");
        StartAll("years 0", Json("""{"years":0}"""), 400, "years");
        StartAll("years 11", Json("""{"years":11}"""), 400, "years");
        StartAll("days 0", Json("""{"days":0}"""), 400, "days");
        StartAll("days 3661", Json("""{"days":3661}"""), 400, "days");
        StartAll("years and days", Json("""{"years":1,"days":7}"""), 400, "days");
        StartAll("years null is absent", Json("""{"years":null,"days":0}"""), 400, "days");
        // A wrong JSON type stops the read, so the range rules (years 0) are not reported alongside it.
        StartAll("include_orders as string", Json("""{"include_orders":"true","years":0}"""), 400, "include_orders");
        StartAll("include_orders as 1", Json("""{"include_orders":1}"""), 400, "include_orders");
        StartAll("test_mode as string", Json("""{"test_mode":"yes"}"""), 400, "test_mode");
        StartAll("unknown fields ignored", Json("""{"years":0,"YEARS":1,"extra":{"a":[1,2,{"b":null}]},"client_id":"../x"}"""), 400, "years");
        StartAll("depth 15 inside an unknown field", Json("{\"x\":" + Nest(14) + ",\"years\":0}"), 400, "years");
        StartAll("duplicate key", Json("""{"days":3,"days":3}"""), 400, "body");
        StartAll("17 KiB", Json("{\"years\":1,\"pad\":\"" + new string('x', 17 * 1024) + "\"}"), 413);
        StartAll("17 KiB chunked", () => Chunked("{\"years\":1,\"pad\":\"" + new string('x', 17 * 1024) + "\"}"), 413);
        StartAll("10 MB", Json("{\"years\":1,\"pad\":\"" + new string('x', 10 * 1024 * 1024) + "\"}"), 413);
        StartAll("text/plain", () => new StringContent("""{"days":3}""", Encoding.UTF8, "text/plain"), 415);
        StartAll("form", () => new StringContent("""{"days":3}""", Encoding.UTF8, "application/x-www-form-urlencoded"), 415);
        StartAll("no content type", () => WithoutType("""{"days":3}"""), 415);
    }

    private static void AddScheduleBodyCases(Dictionary<string, HostileCase> cases)
    {
        foreach (var target in new[] { $"/api/clients/{Known}/schedule", "/api/schedules/default" })
        {
            void Add(string label, string json, params string[] fields) =>
                cases.Add($"PUT {target} {label}", new("PUT", target, [400], fields, Json(json)));

            foreach (var (label, json) in MalformedJson())
            {
                Add(label, json, "body");
            }

            Add("empty object", "{}", "cron");
            // Escaped in the JSON: a newline and a NUL inside the expression.
            foreach (var cron in new[] { "", " ", "0 3 * *", "0 3 * * * *", "61 3 * * *", "0 24 * * *", "0 3 32 * *", "0 3 * 13 *", "0 3 * * 8", "x y z a b", @"0 3 * * *\n", @"0\u00003 * * *", "@daily" })
            {
                Add($"cron '{cron}'", $$"""{"cron":"{{cron}}"}""", "cron");
            }

            Add("cron 201 characters", $$"""{"cron":"{{new string('1', 201)}}"}""", "cron");
            Add("cron as number", """{"cron":3}""", "cron");
            Add("kind unknown", """{"cron":"0 3 * * *","kind":"sync"}""", "kind");
            Add("kind upper case", """{"cron":"0 3 * * *","kind":"Refresh"}""", "kind");
            Add("kind as number", """{"cron":"0 3 * * *","kind":1}""", "kind");
            Add("enabled as string", """{"cron":"0 3 * * *","enabled":"yes"}""", "enabled");
            Add("unknown field", """{"cron":"0 3 * * *","enable":false}""", "enable");
            Add("bad cron and kind", """{"cron":"0 25 * * *","kind":"weekly"}""", "cron", "kind");
        }

        cases.Add("PUT pause empty object", new("PUT", "/api/schedules/pause", [400], ["paused"], Json("{}")));
        cases.Add("PUT pause as string", new("PUT", "/api/schedules/pause", [400], ["paused"], Json("""{"paused":"true"}""")));
    }

    private static void AddNewClientBodyCases(Dictionary<string, HostileCase> cases)
    {
        void Add(string label, Func<HttpContent> content, int status, params string[] fields) =>
            cases.Add($"POST clients {label}", new("POST", "/api/clients", [status], fields, content));

        foreach (var (label, json) in MalformedJson())
        {
            Add(label, Json(json), 400, "body");
        }

        Add("empty", Json(""), 400, "body");
        Add("empty object", Json("{}"), 400, "id", "name");
        foreach (var (label, id) in new[]
        {
            ("upper case", "Acme"), ("../x", "../x"), ("a/b", "a/b"), ("empty", ""), ("space", " "), ("trailing newline", "acme\n"),
            ("trailing CRLF", "acme\r\n"), ("NUL", "acme\u0000"), ("reserved __x__", "__x__"), ("dot", "."), ("dot-dot", ".."),
            ("Cyrillic a look-alike", "\u0430cme"), ("full-width", "\uFF41\uFF43\uFF4D\uFF45"), ("zero-width space", "ac\u200Bme"),
            ("RTL override", "\u202Eacme"), ("Kelvin sign", "\u212Aelvin"), ("64 characters", new string('a', 64)),
            ("200 characters", new string('a', 200)), ("1000 characters", new string('a', 1000)),
        })
        {
            Add("id " + label, Json(JsonSerializer(new { id, name = "Acme" })), 400, "id");
        }

        Add("id as number", Json("""{"id":1,"name":"Acme"}"""), 400, "id");
        Add("id as array", Json("""{"id":["acme"],"name":"Acme"}"""), 400, "id");
        Add("id lone surrogate", Json("""{"id":"\ud800","name":"Acme"}"""), 400, "id");
        Add("id invalid UTF-8", () => Bytes([.. "{\"id\":\"a"u8, 0xFF, .. "\",\"name\":\"Acme\"}"u8]), 400, "id");
        Add("name missing", Json("""{"id":"acme"}"""), 400, "name");
        Add("name blank", Json("""{"id":"acme","name":"   "}"""), 400, "name");
        Add("name control character", Json("""{"id":"acme","name":"Ac\u0007me"}"""), 400, "name");
        Add("name newline", Json("""{"id":"acme","name":"Acme\n"}"""), 400, "name");
        Add("name RTL override", Json("""{"id":"acme","name":"\u202Eemca"}"""), 400, "name");
        Add("name 201 characters", Json(JsonSerializer(new { id = "acme", name = new string('n', 201) })), 400, "name");
        foreach (var (label, name) in new[]
        {
            ("zero-width space", "Rogue\u200BCreamery"), ("zero-width joiner", "Rogue\u200DCreamery"), ("word joiner", "Rogue\u2060Creamery"),
            ("BOM", "\uFEFFRogue Creamery"), ("soft hyphen", "Rogue\u00ADCreamery"), ("line separator", "Rogue\u2028Creamery"),
            ("paragraph separator", "Rogue\u2029Creamery"), ("no-break space", "Rogue\u00A0Creamery"), ("ideographic space", "Rogue\u3000Creamery"),
            ("Hangul filler", "\u3164"), ("tag letters", "Rogue\U000E0041\U000E0042"), ("private use", "Rogue\uE000"),
            ("noncharacter", "Rogue\uFFFE"), ("4 combining marks", "Rogue x\u0301\u0302\u0303\u0304"),
            ("100 combining marks", "Rogue x" + new string('\u0301', 100)), ("200 combining marks, 201 characters", "x" + new string('\u0300', 200)),
        })
        {
            Add("name " + label, Json(JsonSerializer(new { id = "acme", name })), 400, "name");
        }

        Add("name lone surrogate", Json("""{"id":"acme","name":"A\udc00"}"""), 400, "name");
        Add("name as number", Json("""{"id":"acme","name":5}"""), 400, "name");
        foreach (var (label, secret) in new[] { ("../x", "../x"), ("space", "a b"), ("trailing newline", "key\n"), ("empty", ""), ("256 characters", new string('k', 256)), ("Cyrillic", "k\u0435y") })
        {
            Add("klaviyo_secret_name " + label, Json(JsonSerializer(new { id = "acme", name = "Acme", klaviyo_secret_name = secret })), 400, "klaviyo_secret_name");
        }

        foreach (var (label, metric) in new[] { ("dash", "ab-c"), ("trailing newline", "Abc123\n"), ("empty", ""), ("65 characters", new string('M', 65)), ("full-width", "\uFF21bc") })
        {
            Add("placed_order_metric_id " + label, Json(JsonSerializer(new { id = "acme", name = "Acme", placed_order_metric_id = metric })), 400, "placed_order_metric_id");
        }

        Add("sandbox_account as string", Json("""{"id":"acme","name":"Acme","sandbox_account":"yes"}"""), 400, "sandbox_account");
        Add("sandbox_account as 1", Json("""{"id":"acme","name":"Acme","sandbox_account":1}"""), 400, "sandbox_account");
        Add("unknown fields ignored", Json("""{"id":"Acme","name":"Acme","ID":"acme","extra":{"a":[1,{"b":null}]},"created_at":"2020-01-01"}"""), 400, "id");
        Add("every field wrong", Json("""{"id":"A","name":"","klaviyo_secret_name":"a b","placed_order_metric_id":"-","sandbox_account":null,"test_mode":1}"""), 400,
            "id", "name", "klaviyo_secret_name", "placed_order_metric_id");
        Add("duplicate key", Json("""{"id":"acme","id":"acme2","name":"Acme"}"""), 400, "body");
        Add("17 KiB", Json(JsonSerializer(new { id = "acme", name = "Acme", pad = new string('x', 17 * 1024) })), 413);
        Add("17 KiB chunked", () => Chunked(JsonSerializer(new { id = "acme", name = "Acme", pad = new string('x', 17 * 1024) })), 413);
        Add("10 MB", Json(JsonSerializer(new { id = "acme", name = "Acme", pad = new string('x', 10 * 1024 * 1024) })), 413);
        Add("text/plain", () => new StringContent("""{"id":"acme","name":"Acme"}""", Encoding.UTF8, "text/plain"), 415);
        Add("form", () => new FormUrlEncodedContent([new("id", "acme"), new("name", "Acme")]), 415);
        Add("no content type", () => WithoutType("""{"id":"acme","name":"Acme"}"""), 415);
    }

    /// <summary>
    /// The sandbox's control routes take JSON only, like the API: these are the bodies a page on another site can post
    /// without a preflight. "changes" is not mapped; the rule covers every control route, so it answers 415, not 404.
    /// </summary>
    private static void AddSandboxControlCases(Dictionary<string, HostileCase> cases)
    {
        const string Revoke = """{"account":"rogue-creamery","revoked_key":true}""";
        foreach (var route in new[] { "faults", "changes" })
        {
            void Control(string label, Func<HttpContent> content) =>
                cases.Add($"POST _control/{route} {label}", new("POST", $"/sandbox/klaviyo/_control/{route}", [415], [], content));

            Control("text/plain", () => new StringContent(Revoke, Encoding.UTF8, "text/plain"));
            Control("form", () => new FormUrlEncodedContent([new("account", "rogue-creamery"), new("revoked_key", "true")]));
            Control("multipart", () => new MultipartFormDataContent { new StringContent(Revoke) });
            Control("no content type", () => WithoutType(Revoke));
        }
    }

    private static IEnumerable<(string Label, string Json)> MalformedJson() =>
    [
        ("unclosed object", "{"),
        ("array", "[1,2]"),
        ("array of object", """[{"years":0}]"""),
        ("null", "null"),
        ("string", "\"years\""),
        ("number", "1"),
        ("trailing comma", """{"years":0,}"""),
        ("comment", """{/* c */"years":0}"""),
        ("single quotes", "{'years':0}"),
        ("trailing garbage", """{"years":0}x"""),
        ("two objects", """{"years":0}{"years":0}"""),
        ("NaN", """{"years":NaN}"""),
        ("unquoted key", "{years:0}"),
        ("depth bomb", new string('[', 1000) + new string(']', 1000)),
        ("object depth bomb", string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "0" + new string('}', 1000)),
        ("depth 17", Nest(17)),
        ("whitespace only", "   \n\t"),
    ];

    /// <summary>An object nested <paramref name="depth"/> levels deep.</summary>
    private static string Nest(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

    private static string Token(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string TokenBytes(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static string JsonSerializer(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static Func<HttpContent> Json(string json) => () => new StringContent(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ByteArrayContent WithoutType(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>A body sent without Content-Length, so only counting what arrives can find it too large.</summary>
    private static StreamContent Chunked(string text)
    {
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(text)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
