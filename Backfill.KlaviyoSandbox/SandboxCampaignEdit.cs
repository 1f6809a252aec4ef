namespace Backfill.KlaviyoSandbox;

/// <summary>How a campaign looks after the control endpoint edited it <paramref name="Edits"/> times.</summary>
internal sealed record SandboxCampaignEdit(string Name, DateTimeOffset UpdatedAt, int Edits);
