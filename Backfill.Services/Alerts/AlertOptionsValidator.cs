using System.Globalization;
using Backfill.Services.Secrets;
using Microsoft.Extensions.Options;

namespace Backfill.Services.Alerts;

/// <summary>
/// What data annotations cannot say about <see cref="AlertOptions"/>: a channel's address is usable, a webhook is never
/// unsigned, a secret name has Secret Manager behind it. Messages name keys, never values (they may be credentials).
/// </summary>
internal sealed class AlertOptionsValidator(IOptions<SecretManagerOptions> secretManager) : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var errors = new List<string>();
        var slack = options.Slack;
        OneOf(errors, slack.WebhookUrl, slack.WebhookUrlSecret, "Alerts:Slack:WebhookUrl");
        Address(errors, slack.WebhookUrl, "Alerts:Slack:WebhookUrl");

        var webhook = options.Webhook;
        OneOf(errors, webhook.Url, webhook.UrlSecret, "Alerts:Webhook:Url");
        OneOf(errors, webhook.Secret, webhook.SecretSecret, "Alerts:Webhook:Secret");
        Address(errors, webhook.Url, "Alerts:Webhook:Url");
        if (webhook.Enabled && !Set(webhook.Secret) && !Set(webhook.SecretSecret))
        {
            errors.Add("Alerts:Webhook needs Secret or SecretSecret: its messages are always signed.");
        }

        var email = options.Email;
        OneOf(errors, email.Password, email.PasswordSecret, "Alerts:Email:Password");
        if (email.Enabled)
        {
            if (email.Port is < 1 or > 65535)
            {
                errors.Add("Alerts:Email:Port must be 1-65535.");
            }

            if (!IsMailbox(email.From))
            {
                errors.Add("Alerts:Email:From must be an e-mail address.");
            }

            if (email.To.Count == 0 || !email.To.All(IsMailbox))
            {
                errors.Add("Alerts:Email:To must list at least one e-mail address, and only addresses.");
            }

            if ((Set(email.Password) || Set(email.PasswordSecret)) && !Set(email.UserName))
            {
                errors.Add("Alerts:Email:Password needs Alerts:Email:UserName.");
            }

            if (Set(email.TrustedCertificateSha256) && !IsSha256(email.TrustedCertificateSha256!))
            {
                errors.Add("Alerts:Email:TrustedCertificateSha256 must be 64 hex digits.");
            }
        }

        var named = new[] { slack.WebhookUrlSecret, webhook.UrlSecret, webhook.SecretSecret, email.PasswordSecret };
        if (named.Any(Set) && !secretManager.Value.IsConfigured)
        {
            errors.Add("An Alerts:…Secret key names a Secret Manager secret, but SecretManager:ProjectId is not set.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);

    private static void OneOf(List<string> errors, string? literal, string? secret, string key)
    {
        if (Set(literal) && Set(secret))
        {
            errors.Add($"Set either {key} or {key}Secret, not both.");
        }
    }

    // https only, except on loopback (a local receiver, tests): the address and the message must not travel in clear.
    private static void Address(List<string> errors, string? value, string key)
    {
        if (Set(value) && !WebhookAddress.IsAcceptable(value!))
        {
            errors.Add($"{key} must be an absolute https address (http only on a loopback address).");
        }
    }

    private static bool IsMailbox(string? value) => Set(value) && MimeKit.MailboxAddress.TryParse(value, out var address) && address.Address.Contains('@', StringComparison.Ordinal);

    private static bool IsSha256(string value) =>
        value.Replace(":", "", StringComparison.Ordinal).Length == 64
        && value.Replace(":", "", StringComparison.Ordinal).All(c => char.IsAsciiHexDigit(c));
}
