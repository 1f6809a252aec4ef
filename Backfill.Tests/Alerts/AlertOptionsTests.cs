using Backfill.Services.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Backfill.Tests.Alerts;

/// <summary>The <c>Alerts</c> section: documented defaults, and refusals that name keys but never echo a value.</summary>
public sealed class AlertOptionsTests
{
    private const string Credential = "https://hooks.slack.com/services/T000/B000/s3cr3tT0ken";

    [Fact]
    public void Defaults_AreTheDocumentedOnes_WithEveryChannelOff()
    {
        var options = Resolve([]);

        Assert.Equal(TimeSpan.FromMinutes(30), options.StallAfter);
        Assert.Equal(TimeSpan.FromHours(24), options.RenotifyAfter);
        Assert.False(options.NotifyCompleted);
        Assert.False(options.Slack.Enabled);
        Assert.False(options.Email.Enabled);
        Assert.False(options.Webhook.Enabled);
    }

    [Fact]
    public void AppSettingsJson_HoldsTheDefaults_AndNoCredential()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var bound = configuration.GetSection(AlertOptions.SectionName).Get<AlertOptions>()!;

        var defaults = new AlertOptions();
        Assert.Equal(
            (defaults.StallAfter, defaults.RenotifyAfter, defaults.NotifyCompleted, defaults.ZeroOrdersCheckAt, defaults.CheckInterval, defaults.QueueCapacity, defaults.SendTimeout, defaults.MaxRetries, defaults.RetryBaseDelay, defaults.RetryMaxDelay, defaults.Email.Port, defaults.Email.Security),
            (bound.StallAfter, bound.RenotifyAfter, bound.NotifyCompleted, bound.ZeroOrdersCheckAt, bound.CheckInterval, bound.QueueCapacity, bound.SendTimeout, bound.MaxRetries, bound.RetryBaseDelay, bound.RetryMaxDelay, bound.Email.Port, bound.Email.Security));
        Assert.False(bound.Slack.Enabled || bound.Email.Enabled || bound.Webhook.Enabled);
        Assert.Null(configuration["Alerts:Webhook:Secret"]);
        Assert.Null(configuration["Alerts:Email:Password"]);
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "Alerts:Webhook:Url", Credential, "Alerts:Webhook needs Secret or SecretSecret" },
        { "Alerts:Slack:WebhookUrl", "http://hooks.example.com/services/s3cr3tT0ken", "Alerts:Slack:WebhookUrl must be an absolute https address" },
        { "Alerts:Slack:WebhookUrl", "hooks.slack.com/services/s3cr3tT0ken", "Alerts:Slack:WebhookUrl must be an absolute https address" },
        { "Alerts:Slack:WebhookUrlSecret", "alerts-slack-url", "SecretManager:ProjectId is not set" },
        { "Alerts:Email:Host", "smtp.example.com", "Alerts:Email:From must be an e-mail address" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Invalid_IsRefusedAtStart_NamingTheKeyNotTheValue(string key, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [key] = value }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3tT0ken", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LiteralAndSecretName_Both_IsRefused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["SecretManager:ProjectId"] = "backfill-test",
            ["Alerts:Slack:WebhookUrl"] = Credential,
            ["Alerts:Slack:WebhookUrlSecret"] = "alerts-slack-url",
        }));

        Assert.Contains("Set either Alerts:Slack:WebhookUrl or Alerts:Slack:WebhookUrlSecret, not both.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoopbackHttp_IsAccepted_ForLocalReceivers()
    {
        var options = Resolve(new() { ["Alerts:Webhook:Url"] = "http://127.0.0.1:9000/hook", ["Alerts:Webhook:Secret"] = "x" });

        Assert.True(options.Webhook.Enabled);
    }

    private static AlertOptions Resolve(Dictionary<string, string?> settings)
    {
        using var services = AlertTestServices.Build(settings);
        return services.GetRequiredService<IOptions<AlertOptions>>().Value;
    }
}
