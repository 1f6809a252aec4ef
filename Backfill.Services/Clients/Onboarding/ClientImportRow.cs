namespace Backfill.Services.Clients.Onboarding;

/// <summary>What an import found about one CSV row (numbered from 1 after the header).</summary>
public enum ClientImportOutcome
{
    /// <summary>Passes every rule and its connection test: imported by a real import.</summary>
    Valid,

    /// <summary>A cell breaks a rule (hostile, malformed or invalid field).</summary>
    Invalid,

    /// <summary>Its id repeats an earlier row or a registered client.</summary>
    Duplicate,

    /// <summary>Valid fields, but the connection test failed.</summary>
    ConnectionFailed,

    /// <summary>Registered (real import only).</summary>
    Imported,

    /// <summary>The coordinator refused it when registering (e.g. added by someone else meanwhile).</summary>
    Refused,
}

public sealed record ClientImportRow(
    int Row, NewClient Client, ClientImportOutcome Outcome, IReadOnlyList<string> Reasons, ConnectionTestResult? Connection = null);

public sealed record ClientImportResult(bool DryRun, IReadOnlyList<ClientImportRow> Rows)
{
    public int Count(ClientImportOutcome outcome) => Rows.Count(r => r.Outcome == outcome);
}

/// <summary>The file as a whole cannot be read (wrong header, malformed CSV, too many rows).</summary>
public sealed class ClientImportFileException(string message) : Exception(message);
