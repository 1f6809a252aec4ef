namespace Backfill.KlaviyoSandbox;

/// <summary>One <c>{"date":"yyyy-MM-dd","count":N}</c> entry of a change request: an account-local day and a number of orders.</summary>
internal sealed record SandboxDayCount(DateOnly Date, int Count);
