using Backfill.Services.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Backfill.Tests.Secrets.SecretManagerStandIn;

namespace Backfill.Tests.Secrets;

/// <summary>The Secret Manager REST client against the stand-in over real HTTP.</summary>
public sealed class SecretManagerClientTests : IAsyncLifetime
{
    private const string Value = "pk_live_0123456789abcdef";
    private SecretManagerStandIn _standIn = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ISecretSource Source => _services.GetRequiredService<ISecretSource>();

    public async ValueTask InitializeAsync()
    {
        _standIn = await SecretManagerStandIn.StartAsync();
        _services = SecretTestServices.Build(_standIn);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task AccessLatestAsync_Success_DecodesThePayloadAndSendsNoCredentialsToTheStandIn()
    {
        _standIn.SetSecret("klaviyo-api-key-acme", Value);

        var payload = await Source.AccessLatestAsync("klaviyo-api-key-acme", Ct);

        Assert.Equal(Value, payload.RevealText());
        Assert.Equal("projects/backfill-test/secrets/klaviyo-api-key-acme/versions/1", payload.VersionName);
        Assert.DoesNotContain(Value, payload.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, _standIn.Requests("klaviyo-api-key-acme"));
        Assert.Equal([null], _standIn.Authorizations);
    }

    [Fact]
    public async Task AccessLatestAsync_ChecksumWrongOnce_ReadsAgainAndSucceeds()
    {
        _standIn.SetSecret("s", Value);
        _standIn.Script("s", Reply.BadChecksum);

        var payload = await Source.AccessLatestAsync("s", Ct);

        Assert.Equal(Value, payload.RevealText());
        Assert.Equal(2, _standIn.Requests("s"));
    }

    [Fact]
    public async Task AccessLatestAsync_ChecksumWrongTwice_FailsAsCorruptedWithoutThePayload()
    {
        _standIn.SetSecret("s", Value);
        _standIn.Script("s", Reply.BadChecksum, Reply.BadChecksum);

        var error = await Assert.ThrowsAsync<SecretAccessException>(() => Source.AccessLatestAsync("s", Ct));

        Assert.Equal(SecretErrorKind.Corrupted, error.Kind);
        Assert.Equal(2, _standIn.Requests("s"));
        Assert.Contains("projects/backfill-test/secrets/s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, error.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, SecretErrorKind, int> PermanentErrors => new()
    {
        { nameof(Reply.NotFound), SecretErrorKind.NotFound, 404 },
        { nameof(Reply.PermissionDenied), SecretErrorKind.PermissionDenied, 403 },
        { nameof(Reply.Disabled), SecretErrorKind.FailedPrecondition, 400 },
        { nameof(Reply.Unauthenticated), SecretErrorKind.Unauthenticated, 401 },
    };

    [Theory]
    [MemberData(nameof(PermanentErrors))]
    public async Task AccessLatestAsync_PermanentError_IsClassifiedByStatusAndNotRetried(string reply, SecretErrorKind kind, int httpStatus)
    {
        _standIn.SetSecret("s", Value);
        _standIn.Script("s", Named(reply), Named(reply));

        var error = await Assert.ThrowsAsync<SecretAccessException>(() => Source.AccessLatestAsync("s", Ct));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(httpStatus, error.HttpStatus);
        Assert.Equal("projects/backfill-test/secrets/s", error.ResourceName);
        Assert.Equal(1, _standIn.Requests("s"));
    }

    [Theory]
    [InlineData(nameof(Reply.Unavailable))]
    [InlineData(nameof(Reply.Exhausted))]
    public async Task AccessLatestAsync_TransientThenValue_RetriesAndSucceeds(string reply)
    {
        _standIn.SetSecret("s", Value);
        _standIn.Script("s", Named(reply), Named(reply));

        var payload = await Source.AccessLatestAsync("s", Ct);

        Assert.Equal(Value, payload.RevealText());
        Assert.Equal(3, _standIn.Requests("s"));
    }

    [Fact]
    public async Task AccessLatestAsync_UnavailableBeyondTheRetries_FailsAfterMaxRetriesPlusOneReads()
    {
        _standIn.SetSecret("s", Value);
        _standIn.Script("s", Reply.Unavailable, Reply.Unavailable, Reply.Unavailable, Reply.Unavailable, Reply.Unavailable);

        var error = await Assert.ThrowsAsync<SecretAccessException>(() => Source.AccessLatestAsync("s", Ct));

        Assert.Equal(SecretErrorKind.Unavailable, error.Kind);
        Assert.Equal(4, _standIn.Requests("s"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("s?x=1")]
    [InlineData("has space")]
    public async Task AccessLatestAsync_InvalidSecretId_FailsWithoutARequest(string secretId)
    {
        var error = await Assert.ThrowsAsync<SecretAccessException>(() => Source.AccessLatestAsync(secretId, Ct));

        Assert.Equal(SecretErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(_standIn.Authorizations);
    }

    [Fact]
    public void Options_NoCredentialsForARemoteAddress_FailValidation()
    {
        using var services = SecretTestServices.Build(null, new Dictionary<string, string?>
        {
            ["SecretManager:ProjectId"] = "backfill-test",
            ["SecretManager:BaseUrl"] = "https://secretmanager.googleapis.com/",
            ["SecretManager:Credentials"] = "None",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SecretManagerOptions>>().Value);

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreProductionAndNotConfigured()
    {
        using var services = SecretTestServices.Build(null);

        var options = services.GetRequiredService<IOptions<SecretManagerOptions>>().Value;

        Assert.False(options.IsConfigured);
        Assert.Equal(new Uri("https://secretmanager.googleapis.com/"), options.BaseUrl);
        Assert.Equal(SecretManagerCredentials.ApplicationDefault, options.Credentials);
        Assert.Equal(TimeSpan.FromMinutes(10), options.CacheDuration);
    }

    private static Reply Named(string name) => (Reply)typeof(Reply).GetProperty(name)!.GetValue(null)!;
}
