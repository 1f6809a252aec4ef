namespace Backfill.Services.Alerts;

/// <summary>What a test alert did on one channel: delivered, or why not (redacted).</summary>
public sealed record AlertChannelResult(string Channel, bool Delivered, string? Error);
