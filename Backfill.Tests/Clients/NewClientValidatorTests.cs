using Backfill.Services.Clients;

namespace Backfill.Tests.Clients;

public sealed class NewClientValidatorTests
{
    [Fact]
    public void Validate_AValidClient_HasNoErrors()
    {
        var errors = NewClientValidator.Validate(new NewClient("acme", "Acme Café", "klaviyo-acme_key", "AbC123"));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("acme\n", "Acme", null, null, "id")]
    [InlineData("acme", "Acme", "key\n", null, "klaviyo_secret_name")]
    [InlineData("acme", "Acme", null, "AbC123\n", "placed_order_metric_id")]
    [InlineData("acme", "\u202Eemca", null, null, "name")]
    [InlineData("acme", "Ac\u2067me", null, null, "name")]
    [InlineData("acme", "Ac\u0000me", null, null, "name")]
    public void Validate_AHiddenCharacter_NamesTheField(string id, string name, string? secret, string? metric, string field)
    {
        var errors = NewClientValidator.Validate(new NewClient(id, name, secret, metric));

        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("klaviyo-api-key-acme", true)]
    [InlineData("klaviyo-acme_prod", true)]
    [InlineData("oidc-client-secret", false)]
    [InlineData("db-password", false)]
    [InlineData("Klaviyo-acme", false)]
    public void Validate_SecretName_MustBeAKlaviyoSecret(string secret, bool valid)
    {
        var errors = NewClientValidator.Validate(new NewClient("acme", "Acme", secret));

        Assert.Equal(valid, !errors.ContainsKey("klaviyo_secret_name"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(90, true)]
    [InlineData(0, false)]
    [InlineData(91, false)]
    public void Validate_RefreshLookbackDays_IsOneToNinety(int? days, bool valid)
    {
        var errors = NewClientValidator.Validate(new NewClient("acme", "Acme") { RefreshLookbackDays = days });

        Assert.Equal(valid, !errors.ContainsKey("refresh_lookback_days"));
    }
}
