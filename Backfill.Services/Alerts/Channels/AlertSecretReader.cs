using Backfill.Services.Secrets;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts.Channels;

/// <summary>
/// A channel setting that is a credential: the literal value from configuration, or the newest version of the named
/// Secret Manager secret, read on first use and kept for <see cref="SecretManagerOptions.CacheDuration"/> (so a rotated
/// secret is picked up without a restart).
/// </summary>
internal sealed class AlertSecretReader(ISecretSource secrets, IOptions<SecretManagerOptions> options, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Value, DateTimeOffset ExpiresAt)> _cache = new(StringComparer.Ordinal);

    /// <param name="literal">The configured value; wins when set.</param>
    /// <param name="secretName">The secret holding it otherwise.</param>
    /// <param name="key">The configuration key, for messages (<c>Alerts:Slack:WebhookUrl</c>).</param>
    public async Task<string> ReadAsync(string? literal, string? secretName, string key, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(literal))
        {
            return literal.Trim();
        }

        if (string.IsNullOrWhiteSpace(secretName))
        {
            throw new AlertDeliveryException($"{key} is not configured.", transient: false);
        }

        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(secretName, out var cached) && cached.ExpiresAt > now)
            {
                return cached.Value;
            }
        }

        try
        {
            var payload = await secrets.AccessLatestAsync(secretName, cancellationToken);

            // Trimmed: `echo value | gcloud secrets create … --data-file=-` stores a trailing newline.
            var value = payload.RevealText().Trim();
            lock (_gate)
            {
                _cache[secretName] = (value, now + options.Value.CacheDuration);
            }

            return value;
        }
        catch (SecretAccessException e)
        {
            throw new AlertDeliveryException($"{key}Secret could not be read from Secret Manager ({e.Kind}): {e.Message}", e.IsTransient, e.RetryAfter);
        }
    }
}
