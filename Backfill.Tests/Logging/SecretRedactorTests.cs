using Backfill.Services.Logging;

namespace Backfill.Tests.Logging;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("key pk_0123456789abcdef0123456789abcdef01 used", "key pk_*** used")]
    [InlineData("pk_AbCdEf0123456789aBcDeF0123456789ab", "pk_***")]
    [InlineData("sandbox key pk_sandbox_rogue-creamery.", "sandbox key pk_***.")]
    [InlineData("key=pk_abcdef123456&x=1", "key=pk_***&x=1")]
    [InlineData("\"api_key\":\"pk_abcdef123456\"", "\"api_key\":\"pk_***\"")]
    [InlineData("(pk_abcdef) and pk_ghijkl", "(pk_***) and pk_***")]
    [InlineData("Authorization: Klaviyo-API-Key pk_abcdef123456", "Authorization: Klaviyo-API-Key ***")]
    [InlineData("header Klaviyo-API-Key somethingelse, next", "header Klaviyo-API-Key ***, next")]
    [InlineData("klaviyo-api-key abc", "klaviyo-api-key ***")]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-_x", "Bearer ***")]
    [InlineData("sent bearer AbCdEfGhIjKlMnOp== to it", "sent bearer *** to it")]
    [InlineData("Basic dXNlcjpwYXNz", "Basic ***")]
    [InlineData("Authorization: Bearer ya29.a0AfH6SMBx-token", "Authorization: Bearer ***")]
    [InlineData("authorization=secretvalue;", "authorization=***;")]
    [InlineData("\"Authorization\": \"Token abc123\"", "\"Authorization\": \"Token ***\"")]
    [InlineData("token ya29.a0AfH6SMBxyz_-.123 expired", "token ya29.*** expired")]
    [InlineData("{\"access_token\":\"ya29.c.b0Aaek\"}", "{\"access_token\":\"ya29.***\"}")]
    [InlineData("client secret GOCSPX-AbCdEf123_x-9 leaked", "client secret GOCSPX-*** leaked")]
    [InlineData("x -----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\n-----END PRIVATE KEY----- y", "x -----BEGIN PRIVATE KEY-----*** y")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADAN (cut off", "-----BEGIN RSA PRIVATE KEY-----***")]
    public void Redact_SecretShapedText_MasksTheSecretAndKeepsItsKind(string input, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(input));
        Assert.True(SecretRedactor.ContainsSecret(input));
    }

    [Theory]
    [InlineData("Backfill rogue-creamery completed: 1140 orders over 30 days")]
    [InlineData("the pk_ prefix marks a private key")]
    [InlineData("column pk_id and pk_name")]
    [InlineData("campaign_pk is a field, so is campaign_pk_identifier")]
    [InlineData("constraint PK_Orders_Identifier")]
    [InlineData("bearer of bad news; Basic settings; the Bearer scheme")]
    [InlineData("Bearer abc")]
    [InlineData("Missing or invalid authorization scheme. Please use Klaviyo-API-Key.")]
    [InlineData("Authorization failed for client acme")]
    [InlineData("ya29 is a prefix; version 1.ya29.x")]
    [InlineData("Klaviyo refused the key (401): Incorrect authentication credentials.")]
    [InlineData("")]
    public void Redact_OrdinaryText_LeavesItUnchanged(string input)
    {
        Assert.Same(input, SecretRedactor.Redact(input));
        Assert.False(SecretRedactor.ContainsSecret(input));
    }

    [Fact]
    public void Redact_RandomKey_LeavesNoFragmentOfIt()
    {
        var key = "pk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(17));

        var redacted = SecretRedactor.Redact($"first {key}, then Klaviyo-API-Key {key} and Authorization: {key}");

        Assert.Equal("first pk_***, then Klaviyo-API-Key *** and Authorization: ***", redacted);
        Assert.DoesNotContain(key[^8..], redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactOrNull_Null_ReturnsNull()
    {
        Assert.Null(SecretRedactor.RedactOrNull(null));
        Assert.Equal("pk_***", SecretRedactor.RedactOrNull("pk_abcdef123"));
    }
}
