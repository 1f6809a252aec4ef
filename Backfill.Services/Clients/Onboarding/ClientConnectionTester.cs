using System.Net;
using Backfill.Services.Klaviyo;
using Backfill.Services.Secrets;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients.Onboarding;

/// <summary>
/// Tests a client before it is saved: its key resolves (Secret Manager or configuration), Klaviyo accepts it, and it
/// has every scope a backfill uses — so a wrong key or a missing Placed Order metric shows now, not as a failed run
/// later. Each step is one cheap read; the first failure stops the test and says what to fix.
/// </summary>
public sealed class ClientConnectionTester(
    KlaviyoAccountResolver accounts, IKlaviyoKeyResolver keys, IKlaviyoClientFactory klaviyo, TimeProvider timeProvider)
{
    public async Task<ConnectionTestResult> TestAsync(NewClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = timeProvider.GetUtcNow();
        var record = new ClientRecord(
            ClientId.Parse(client.Id!), client.Name ?? client.Id!, client.KlaviyoSecretName, client.PlacedOrderMetricId, client.SandboxAccount, now, now);
        var source = client.SandboxAccount ? "sandbox" : keys is SecretManagerKlaviyoKeyResolver ? "secret_manager" : "configuration";

        KlaviyoAccountContext context;
        try
        {
            // An edited client's secret may have changed since its key was cached; the test reads it afresh.
            keys.Invalidate(record.Id);
            context = await accounts.ResolveAsync(record, cancellationToken);
        }
        catch (KlaviyoKeyUnavailableException e)
        {
            var failure = (e.InnerException as SecretAccessException)?.Kind switch
            {
                SecretErrorKind.NotFound => ConnectionFailure.NoSuchSecret,
                SecretErrorKind.PermissionDenied => ConnectionFailure.SecretPermissionDenied,
                _ => ConnectionFailure.KeyUnavailable,
            };
            return new ConnectionTestResult(false, failure, e.Message, source);
        }

        var api = klaviyo.Create(context);
        var found = new ConnectionTestResult(true, null, "", source);
        try
        {
            found = await StepAsync(found, "accounts:read", async () =>
            {
                var account = await api.GetAccountAsync(cancellationToken);
                return found with { AccountId = account.Id, AccountName = account.OrganizationName, TimeZone = account.TimeZone, Currency = account.Currency };
            });

            var metrics = new List<KlaviyoMetric>();
            found = await StepAsync(found, "metrics:read", async () =>
            {
                await foreach (var metric in api.GetMetricsAsync(cancellationToken))
                {
                    metrics.Add(metric);
                }

                return found;
            });

            var candidates = metrics.Where(m => string.Equals(m.Name.Trim(), "Placed Order", StringComparison.OrdinalIgnoreCase))
                .Select(m => new PlacedOrderCandidate(m.Id, m.Name, m.IntegrationName)).ToList();
            var chosen = Klaviyo.Client.KlaviyoClient.ChoosePlacedOrder(metrics, client.PlacedOrderMetricId);
            found = found with
            {
                PlacedOrderMetrics = candidates,
                PlacedOrderMetric = chosen is null ? null : new PlacedOrderCandidate(chosen.Id, chosen.Name, chosen.IntegrationName),
            };
            if (chosen is null || (client.PlacedOrderMetricId is { } wanted && chosen.Id != wanted))
            {
                var why = client.PlacedOrderMetricId is { } id
                    ? $"The account has no metric with id '{id}'" + (candidates.Count > 0 ? $"; its Placed Order metrics are {string.Join(", ", candidates.Select(c => c.Id))}." : ".")
                    : "The account has no \"Placed Order\" metric: orders cannot be copied until the store sends them to Klaviyo.";
                return found with { Passed = false, Failure = ConnectionFailure.NoPlacedOrderMetric, Message = why };
            }

            found = await StepAsync(found, "campaigns:read", async () => found with { Campaigns = await CountAsync(api.GetCampaignsAsync(cancellationToken)) });
            found = await StepAsync(found, "flows:read", async () => found with { Flows = await CountAsync(api.GetFlowsAsync(cancellationToken)) });
            found = await StepAsync(found, "events:read", async () =>
            {
                // One page of yesterday's orders is enough to know the key may read events.
                await foreach (var _ in api.GetPlacedOrderEventsAsync(chosen.Id, now.AddDays(-1), now, cancellationToken))
                {
                    break;
                }

                return found;
            });
        }
        catch (StepFailedException stop)
        {
            return stop.Result;
        }

        var choice = found.NeedsMetricChoice && client.PlacedOrderMetricId is null
            ? $" The account has {found.PlacedOrderMetrics!.Count} Placed Order metrics; {found.PlacedOrderMetric!.Id} would be used unless you choose another."
            : "";
        return found with { Message = $"Connected to {found.AccountName ?? found.AccountId}: {found.Campaigns} campaigns, {found.Flows} flows.{choice}" };
    }

    /// <summary>Runs one read; a Klaviyo refusal ends the test with the reason (the scope named by Klaviyo, else the one this read needs).</summary>
    private static async Task<ConnectionTestResult> StepAsync(ConnectionTestResult found, string scope, Func<Task<ConnectionTestResult>> step)
    {
        try
        {
            return await step();
        }
        catch (KlaviyoAuthException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new StepFailedException(found with { Passed = false, Failure = ConnectionFailure.KeyRefused, Message = "Klaviyo refused the key (401): it is wrong or revoked." });
        }
        catch (KlaviyoAuthException e)
        {
            var missing = e.MissingScope ?? scope;
            throw new StepFailedException(found with
            {
                Passed = false,
                Failure = ConnectionFailure.MissingScope,
                MissingScope = missing,
                Message = $"The key lacks the scope {missing}: create a private key with read access to accounts, metrics, events, campaigns and flows.",
            });
        }
        catch (KlaviyoException e)
        {
            throw new StepFailedException(found with { Passed = false, Failure = ConnectionFailure.KlaviyoError, Message = e.Message });
        }
        catch (HttpRequestException e)
        {
            throw new StepFailedException(found with { Passed = false, Failure = ConnectionFailure.KlaviyoError, Message = $"Klaviyo could not be reached: {e.Message}" });
        }
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }

    private sealed class StepFailedException(ConnectionTestResult result) : Exception(result.Message)
    {
        public ConnectionTestResult Result { get; } = result;
    }
}
