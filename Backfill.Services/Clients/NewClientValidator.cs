using System.Text.RegularExpressions;
using Backfill.Services.Storage;

namespace Backfill.Services.Clients;

/// <summary>Checks a <see cref="NewClient"/> field by field, so an API can answer 400 naming each bad field.</summary>
public static partial class NewClientValidator
{
    /// <summary>Every client's Klaviyo secret is named <c>klaviyo-…</c> (the default is <c>klaviyo-api-key-{client_id}</c>).</summary>
    public const string SecretPrefix = "klaviyo-";

    /// <summary>Field name (snake_case, as in the API) → problems; empty when the client is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(NewClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        var errors = new Dictionary<string, string[]>();
        if (!ClientId.TryParse(client.Id, out _, out var idError))
        {
            errors["id"] = [idError];
        }

        if (ClientNameRules.Check(client.Name) is { } nameError)
        {
            errors["name"] = [nameError];
        }

        // Secret Manager's own rule for secret ids, and a prefix: the key is sent to Klaviyo, so an operator must not be
        // able to point a client at any other secret the app's service account can read.
        if (client.KlaviyoSecretName is not null
            && (!SecretName().IsMatch(client.KlaviyoSecretName) || !client.KlaviyoSecretName.StartsWith(SecretPrefix, StringComparison.Ordinal)))
        {
            errors["klaviyo_secret_name"] = [$"a secret name starts with '{SecretPrefix}' and has at most 255 letters, digits, '-' and '_'"];
        }

        if (client.PlacedOrderMetricId is not null && !MetricId().IsMatch(client.PlacedOrderMetricId))
        {
            errors["placed_order_metric_id"] = ["a metric id is 1-64 letters and digits"];
        }

        if (client.RefreshLookbackDays is < Backfill.RefreshRequest.MinLookbackDays or > Backfill.RefreshRequest.MaxLookbackDays)
        {
            errors["refresh_lookback_days"] =
                [$"the refresh lookback is {Backfill.RefreshRequest.MinLookbackDays}–{Backfill.RefreshRequest.MaxLookbackDays} days"];
        }

        return errors;
    }

    // \z, not $: '$' also matches before a final '\n'.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^[A-Za-z0-9]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MetricId();
}
