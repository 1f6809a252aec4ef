using System.Globalization;
using Backfill.Services.Storage;

namespace Backfill.Web.Endpoints;

/// <summary>
/// Parses raw query and route values ourselves, so every bad value becomes a 400 problem naming its field (the
/// framework's binder answers "bad request" without saying which parameter, or which rule).
/// </summary>
internal sealed class ApiInput
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors;

    public void Fail(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public void AddAll(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                Fail(field, message);
            }
        }
    }

    public ClientId ClientId(string? value, string field = "client_id")
    {
        if (Services.Storage.ClientId.TryParse(value, out var id, out var error))
        {
            return id;
        }

        Fail(field, error);
        return default;
    }

    public int? Integer(string? value, string field, int min, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        Fail(field, $"{field} must be a whole number from {min} to {max}");
        return null;
    }

    public bool? Boolean(string? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        Fail(field, $"{field} must be true or false");
        return null;
    }

    /// <summary>A calendar date (yyyy-MM-dd) no later than <paramref name="latest"/>.</summary>
    public DateOnly? Date(string? value, string field, DateOnly latest)
    {
        if (value is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, DataLayout.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Fail(field, $"{field} must be a real calendar date written yyyy-MM-dd");
            return null;
        }

        if (date > latest || date.Year < 1990)
        {
            Fail(field, $"{field} must be between 1990-01-01 and {DataLayout.FormatDate(latest)}");
            return null;
        }

        return date;
    }

    /// <summary>One of <paramref name="choices"/>, named in any case; null when absent.</summary>
    public T? Choice<T>(string? value, string field, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (value is null)
        {
            return null;
        }

        if (choices.TryGetValue(value, out var choice))
        {
            return choice;
        }

        Fail(field, $"{field} must be one of {string.Join(", ", choices.Keys)}");
        return null;
    }

    /// <summary>The one value of a query parameter; a repeated parameter is an error, not a silent pick.</summary>
    public string? Query(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query[name];
        if (values.Count > 1)
        {
            Fail(name, $"{name} is given {values.Count} times");
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }

    public IResult Problem() => TypedResults.ValidationProblem(_errors, title: "The request has invalid values", type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");
}
