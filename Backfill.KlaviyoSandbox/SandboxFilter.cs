using System.Globalization;

namespace Backfill.KlaviyoSandbox;

internal enum SandboxFilterValueKind
{
    None,
    String,
    DateTime,
    Number,
    Boolean,
    Null,
    List,
}

internal sealed record SandboxFilterValue(SandboxFilterValueKind Kind, string Raw)
{
    public string Text { get; init; } = Raw;

    /// <summary>Date value as written; <see cref="HasOffset"/> tells whether an offset/Z was given.</summary>
    public DateTime LocalDateTime { get; init; }

    public bool HasOffset { get; init; }

    public DateTimeOffset Instant { get; init; }

    public double Number { get; init; }

    public bool Boolean { get; init; }

    public IReadOnlyList<SandboxFilterValue> Items { get; init; } = [];
}

internal sealed record SandboxFilterTerm(string Operator, string Field, SandboxFilterValue Value);

/// <summary>
/// Klaviyo's filter syntax: <c>op(field,value)</c> terms joined by commas or <c>and(...)</c>. Strings must be
/// quoted, datetimes must not be; anything else is "Invalid filter provided".
/// </summary>
internal sealed class SandboxFilter
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd",
    ];

    private readonly string _text;
    private readonly string _parameter;
    private int _pos;

    private SandboxFilter(string text, string parameter)
    {
        _text = text;
        _parameter = parameter;
    }

    /// <summary>Parses and checks every term against <paramref name="allowed"/> (field → operators).</summary>
    public static List<SandboxFilterTerm> Parse(string? text, string resource, IReadOnlyDictionary<string, string[]> allowed, string parameter = "filter")
    {
        var terms = new List<SandboxFilterTerm>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }
        var parser = new SandboxFilter(text.Trim(), parameter);
        parser.ParseList(terms);
        if (parser._pos != parser._text.Length)
        {
            throw SandboxApiException.InvalidFilter(parameter);
        }
        foreach (var term in terms)
        {
            if (!allowed.TryGetValue(term.Field, out var operators))
            {
                throw SandboxApiException.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"'{term.Field}' is not a valid field for the resource '{resource}'."),
                    parameter);
            }
            if (!operators.Contains(term.Operator, StringComparer.Ordinal))
            {
                throw SandboxApiException.Invalid(
                    string.Create(CultureInfo.InvariantCulture, $"Filter operation '{term.Operator}' not allowed for field '{term.Field}'. Allowed operations: {string.Join(", ", operators)}."),
                    parameter);
            }
        }
        return terms;
    }

    private void ParseList(List<SandboxFilterTerm> terms)
    {
        ParseCall(terms);
        while (Peek() == ',')
        {
            _pos++;
            ParseCall(terms);
        }
    }

    private void ParseCall(List<SandboxFilterTerm> terms)
    {
        SkipSpaces();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '-'))
        {
            _pos++;
        }
        var op = _text[start.._pos];
        Expect('(');
        if (op == "and")
        {
            ParseList(terms);
            Expect(')');
            return;
        }
        if (op is not ("equals" or "less-than" or "less-or-equal" or "greater-than" or "greater-or-equal" or "contains"
            or "contains-any" or "contains-all" or "starts-with" or "ends-with" or "any" or "has"))
        {
            throw SandboxApiException.InvalidFilter(_parameter);
        }
        var field = ParseField();
        var value = new SandboxFilterValue(SandboxFilterValueKind.None, string.Empty);
        if (op != "has")
        {
            Expect(',');
            value = ParseValue();
        }
        Expect(')');
        terms.Add(new SandboxFilterTerm(op, field, value));
    }

    private string ParseField()
    {
        SkipSpaces();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ')' or '('))
        {
            _pos++;
        }
        var field = _text[start.._pos].Trim();
        if (field.Length == 0)
        {
            throw SandboxApiException.InvalidFilter(_parameter);
        }
        return field;
    }

    private SandboxFilterValue ParseValue()
    {
        SkipSpaces();
        var c = Peek();
        if (c is '\'' or '"')
        {
            _pos++;
            var end = _text.IndexOf(c, _pos);
            if (end < 0)
            {
                throw SandboxApiException.InvalidFilter(_parameter);
            }
            var text = _text[_pos..end];
            _pos = end + 1;
            return new SandboxFilterValue(SandboxFilterValueKind.String, text);
        }
        if (c == '[')
        {
            _pos++;
            var items = new List<SandboxFilterValue>();
            SkipSpaces();
            if (Peek() != ']')
            {
                items.Add(ParseValue());
                while (Peek() == ',')
                {
                    _pos++;
                    items.Add(ParseValue());
                }
            }
            Expect(']');
            return new SandboxFilterValue(SandboxFilterValueKind.List, string.Empty) { Items = items };
        }
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is not (',' or ')' or ']'))
        {
            _pos++;
        }
        var raw = _text[start.._pos].Trim();
        return Bare(raw);
    }

    private SandboxFilterValue Bare(string raw)
    {
        switch (raw)
        {
            case "true":
            case "false":
                return new SandboxFilterValue(SandboxFilterValueKind.Boolean, raw) { Boolean = raw == "true" };
            case "null":
                return new SandboxFilterValue(SandboxFilterValueKind.Null, raw);
        }
        if (raw.Length >= 10 && char.IsAsciiDigit(raw[0]) && raw[4] == '-')
        {
            var hasOffset = raw.EndsWith('Z') || raw.LastIndexOfAny(['+', '-']) > 10;
            if (hasOffset && DateTimeOffset.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                return new SandboxFilterValue(SandboxFilterValueKind.DateTime, raw) { HasOffset = true, Instant = instant, LocalDateTime = instant.DateTime };
            }
            if (!hasOffset && DateTime.TryParseExact(raw, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return new SandboxFilterValue(SandboxFilterValueKind.DateTime, raw)
                {
                    LocalDateTime = local,
                    Instant = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero),
                };
            }
            throw SandboxApiException.InvalidFilter(_parameter);
        }
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new SandboxFilterValue(SandboxFilterValueKind.Number, raw) { Number = number };
        }
        throw SandboxApiException.InvalidFilter(_parameter);
    }

    private char Peek()
    {
        SkipSpaces();
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw SandboxApiException.InvalidFilter(_parameter);
        }
        _pos++;
    }

    private void SkipSpaces()
    {
        while (_pos < _text.Length && _text[_pos] == ' ')
        {
            _pos++;
        }
    }
}
