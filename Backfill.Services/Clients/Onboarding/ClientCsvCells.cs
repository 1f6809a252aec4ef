namespace Backfill.Services.Clients.Onboarding;

/// <summary>
/// Refuses cells that are dangerous or nonsensical before any field rule: a leading <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, tab or carriage return makes a spreadsheet run it as a formula when the list is opened again (CSV
/// injection), control characters have no place in an id, name or secret name, and an over-long cell is not a value.
/// </summary>
internal static class ClientCsvCells
{
    public const int MaxCellLength = 256;

    public static string? Problem(string column, string value)
    {
        if (value.Length > MaxCellLength)
        {
            return $"{column} is longer than {MaxCellLength} characters";
        }

        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            return $"{column} starts with '{(value[0] is '\t' ? "\\t" : value[0] is '\r' ? "\\r" : value[0].ToString())}', which a spreadsheet would run as a formula";
        }

        return value.Any(char.IsControl) ? $"{column} contains control characters" : null;
    }
}
