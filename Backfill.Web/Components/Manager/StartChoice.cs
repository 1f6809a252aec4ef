using Backfill.Services.Backfill;

namespace Backfill.Web.Components.Manager;

/// <summary>What the start dialog was confirmed with.</summary>
public sealed record StartChoice(BackfillRequest Request, bool TestMode);
