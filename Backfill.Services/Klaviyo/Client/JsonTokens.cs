using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Backfill.Services.Klaviyo.Client;

/// <summary>
/// <see cref="JsonFields"/>' forgiving reads for a value a <see cref="Utf8JsonReader"/> is on, for answers read from
/// their bytes without a <see cref="JsonDocument"/>. Each moves the reader past the value (an object or array is
/// skipped). The reader must hold the whole value (a single span or a complete sequence).
/// </summary>
internal static class JsonTokens
{
    /// <summary>As <see cref="JsonFields.AsText"/>: a string, a number's raw text, true or false; blank reads as null.</summary>
    public static string? Text(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => null,
        };
        reader.Skip();
        return JsonFields.TrimmedText(text);
    }

    /// <summary>As <see cref="JsonFields.AsDecimal"/>: a number, or a numeric string; NaN, infinities and garbage read as null.</summary>
    public static decimal? Decimal(ref Utf8JsonReader reader)
    {
        decimal? value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out var number))
                {
                    value = number;
                }
                else if (reader.TryGetDouble(out var big))
                {
                    value = JsonFields.DecimalOf(big);
                }

                break;
            case JsonTokenType.String:
                value = JsonFields.NumericText(reader.GetString());
                break;
        }

        reader.Skip();
        return value;
    }
}
