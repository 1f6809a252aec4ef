namespace Backfill.Tests.Alerts.Receivers;

/// <summary>One request an HTTP receiver answered (or was still holding): its raw body and whether it was well formed.</summary>
internal sealed record ReceivedRequest(int Attempt, string Path, IReadOnlyDictionary<string, string> Headers, string Body, bool Valid, string? Problem);
