using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Web.Security;

/// <summary>
/// Start-all and refresh-all for a caller who sees only some clients: the same commands, but only for the clients in
/// the scope. An unlimited scope goes straight to the coordinator's own start-all, unchanged. A limited one sends one
/// command per client in the scope (the coordinator queues them in turn), with start-all's answer: started, skipped
/// as busy, and the same message shape.
/// </summary>
internal static class ScopedBulkCommands
{
    public static Task<BackfillStartAllResult> StartAllAsync(
        IBackfillCoordinator coordinator, ClientScope scope, string testClientId, BackfillRequest request, bool testMode, CancellationToken cancellationToken) =>
        BulkAsync(
            coordinator, scope, testClientId, testMode, request.Validate(), "Started",
            () => coordinator.StartAllAsync(request, testMode, cancellationToken),
            id => coordinator.StartAsync(id, request, cancellationToken));

    public static Task<BackfillStartAllResult> RefreshAllAsync(
        IBackfillCoordinator coordinator, ClientScope scope, string testClientId, RefreshRequest request, bool testMode, CancellationToken cancellationToken) =>
        BulkAsync(
            coordinator, scope, testClientId, testMode, request.Validate(), "Refreshing",
            () => coordinator.RefreshAllAsync(request, testMode, cancellationToken),
            id => coordinator.RefreshAsync(id, request, cancellationToken));

    private static async Task<BackfillStartAllResult> BulkAsync(
        IBackfillCoordinator coordinator,
        ClientScope scope,
        string testClientId,
        bool testMode,
        IReadOnlyDictionary<string, string[]> errors,
        string verb,
        Func<Task<BackfillStartAllResult>> all,
        Func<ClientId, Task<BackfillCommandResult>> one)
    {
        // Test mode touches only the test client, so the coordinator's own command is right whenever that client is in
        // the scope; when it is not, the answer is the one for a test client that is not registered.
        if (!scope.IsLimited || (testMode && ClientId.TryParse(testClientId, out var test, out _) && scope.Allows(test)))
        {
            return await all();
        }

        if (errors.Count > 0)
        {
            return new BackfillStartAllResult([], [], BackfillCommandOutcome.Invalid, string.Join("; ", errors.SelectMany(e => e.Value)));
        }

        if (testMode)
        {
            return new BackfillStartAllResult(
                [], [], BackfillCommandOutcome.NotFound,
                $"Test mode runs only the test client '{testClientId}' (Backfill:TestClientId), and it is not registered.");
        }

        var targets = scope.Filter(coordinator.Board).Statuses;
        var started = new List<BackfillStatus>();
        var busy = new List<BackfillStatus>();
        foreach (var target in targets)
        {
            var result = await one(target.ClientId);
            (result.Accepted ? started : busy).Add(result.Status ?? target);
        }

        var message = $"{verb} {started.Count} of {targets.Count} clients";
        return new BackfillStartAllResult(
            started, busy, started.Count > 0 || targets.Count == 0 ? BackfillCommandOutcome.Accepted : BackfillCommandOutcome.Conflict,
            busy.Count > 0 ? $"{message}; {busy.Count} already running" : message);
    }
}
