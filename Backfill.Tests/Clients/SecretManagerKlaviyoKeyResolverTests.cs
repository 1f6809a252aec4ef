using Backfill.Services.Clients;
using Backfill.Services.Klaviyo;
using Backfill.Services.Storage;
using Backfill.Tests.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Backfill.Tests.Secrets.SecretManagerStandIn;

namespace Backfill.Tests.Clients;

/// <summary>Per-client keys from Secret Manager (the stand-in over real HTTP): messages, cache, single flight, fallback.</summary>
public sealed class SecretManagerKlaviyoKeyResolverTests : IAsyncLifetime
{
    private const string KeyA = "pk_live_aaaaaaaaaaaaaaaaaaaa";
    private const string KeyB = "pk_live_bbbbbbbbbbbbbbbbbbbb";
    private const string Secret = "klaviyo-api-key-acme";
    private const string Resource = "projects/backfill-test/secrets/klaviyo-api-key-acme";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private SecretManagerStandIn _standIn = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _standIn = await SecretManagerStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _standIn.DisposeAsync();

    private ServiceProvider Services(IReadOnlyDictionary<string, string?>? configuration = null, CapturingLoggerProvider? logs = null) =>
        SecretTestServices.Build(_standIn, configuration, _time, logs);

    private static ClientRecord Client(string id = "acme", string? secretName = null, bool sandbox = false) =>
        new(ClientId.Parse(id), id, secretName, null, sandbox, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task ResolveAsync_SecretHoldsKey_ReturnsItTrimmed()
    {
        _standIn.SetSecret(Secret, KeyA + "\n");
        await using var services = Services();

        var key = await services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client(), Ct);

        Assert.IsType<SecretManagerKlaviyoKeyResolver>(services.GetRequiredService<IKlaviyoKeyResolver>());
        Assert.Equal(new KlaviyoApiKey(KeyA), key);
    }

    [Fact]
    public async Task ResolveAsync_ClientNamesItsSecret_ReadsThatSecret()
    {
        _standIn.SetSecret("acme-klaviyo", KeyB);
        await using var services = Services();

        var key = await services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client(secretName: "acme-klaviyo"), Ct);

        Assert.Equal(new KlaviyoApiKey(KeyB), key);
        Assert.Equal(0, _standIn.Requests(Secret));
    }

    [Fact]
    public async Task ResolveAsync_SandboxClient_GetsItsSandboxKeyWithoutReadingSecrets()
    {
        await using var services = Services();

        var key = await services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client("rogue-creamery", sandbox: true), Ct);

        Assert.Equal(new KlaviyoApiKey("pk_sandbox_rogue-creamery"), key);
        Assert.Empty(_standIn.Authorizations);
    }

    [Fact]
    public async Task ResolveAsync_SecretManagerNotConfigured_UsesConfigurationOnly()
    {
        await using var services = SecretTestServices.Build(null, new Dictionary<string, string?> { ["Klaviyo:Keys:acme"] = KeyA });

        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();
        var key = await resolver.ResolveAsync(Client(), Ct);

        Assert.IsType<ConfiguredKlaviyoKeyResolver>(resolver);
        Assert.Equal(new KlaviyoApiKey(KeyA), key);
        Assert.False(resolver.Invalidate(ClientId.Parse("acme")));
    }

    public static TheoryData<string, string[]> Failures => new()
    {
        { nameof(Reply.NotFound), [$"Secret {Resource} was not found in Secret Manager", "gcloud secrets create klaviyo-api-key-acme --project=backfill-test --data-file=-", "klaviyo_secret_name"] },
        { nameof(Reply.PermissionDenied), [$"Permission denied reading {Resource}", "roles/secretmanager.secretAccessor", "gcloud secrets add-iam-policy-binding klaviyo-api-key-acme"] },
        { nameof(Reply.Disabled), [$"The newest version of {Resource} is disabled or destroyed", "gcloud secrets versions add klaviyo-api-key-acme --project=backfill-test --data-file=-"] },
        { nameof(Reply.Unauthenticated), [Resource, "Application Default Credentials"] },
        { nameof(Reply.Unavailable), ["Secret Manager is unavailable", Resource, "the backfill can be retried"] },
        { nameof(Reply.Exhausted), ["Secret Manager is unavailable", Resource, "the backfill can be retried"] },
        { nameof(Reply.BadChecksum), [Resource, "integrity check", "the backfill can be retried"] },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task ResolveAsync_SecretManagerFails_ThrowsAMessageWithTheSecretAndTheFixButNoKey(string reply, string[] expected)
    {
        _standIn.SetSecret(Secret, KeyA);
        var named = (Reply)typeof(Reply).GetProperty(reply)!.GetValue(null)!;
        _standIn.Script(Secret, Enumerable.Repeat(named, 6).ToArray());
        var logs = new CapturingLoggerProvider();
        await using var services = Services(logs: logs);

        var error = await Assert.ThrowsAsync<KlaviyoKeyUnavailableException>(() => services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client(), Ct));

        foreach (var text in expected)
        {
            Assert.Contains(text, error.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(KeyA, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(KeyA, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_SecretHoldsNoValidKey_SaysSoWithoutItsText()
    {
        _standIn.SetSecret(Secret, "pk_live two words");
        await using var services = Services();

        var error = await Assert.ThrowsAsync<KlaviyoKeyUnavailableException>(() => services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client(), Ct));

        Assert.Contains($"Secret {Resource} does not hold a valid Klaviyo key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("two words", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SecretManagerFailsAndConfigurationHasAKey_FallsBackAndLogsWithoutTheKey()
    {
        var logs = new CapturingLoggerProvider();
        await using var services = Services(new Dictionary<string, string?> { ["Klaviyo:Keys:acme"] = KeyB }, logs);

        var key = await services.GetRequiredService<IKlaviyoKeyResolver>().ResolveAsync(Client(), Ct);

        Assert.Equal(new KlaviyoApiKey(KeyB), key);
        Assert.Equal(1, _standIn.Requests(Secret));
        var fallback = Assert.Single(logs.Entries, e => e.Text.Contains("using Klaviyo:Keys:acme from configuration", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, fallback.Level);
        Assert.Contains(Resource, fallback.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(KeyB, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_WithinCacheDuration_ReadsTheSecretOnce_AndAgainAfterIt()
    {
        _standIn.SetSecret(Secret, KeyA);
        await using var services = Services(new Dictionary<string, string?> { ["SecretManager:CacheDuration"] = "00:10:00" });
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();

        await resolver.ResolveAsync(Client(), Ct);
        _standIn.SetSecret(Secret, KeyB);
        _time.Advance(TimeSpan.FromMinutes(9));
        var cached = await resolver.ResolveAsync(Client(), Ct);
        var readsWithin = _standIn.Requests(Secret);
        _time.Advance(TimeSpan.FromMinutes(1));
        var reread = await resolver.ResolveAsync(Client(), Ct);

        Assert.Equal(1, readsWithin);
        Assert.Equal(new KlaviyoApiKey(KeyA), cached);
        Assert.Equal(new KlaviyoApiKey(KeyB), reread);
        Assert.Equal(2, _standIn.Requests(Secret));
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentCallers_ShareOneRead()
    {
        _standIn.SetSecret(Secret, KeyA);
        await using var services = Services();
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();
        var hold = _standIn.HoldAnswers();

        var callers = Enumerable.Range(0, 8).Select(_ => resolver.ResolveAsync(Client(), Ct)).ToList();
        hold.SetResult();
        var keys = await Task.WhenAll(callers);

        Assert.All(keys, k => Assert.Equal(new KlaviyoApiKey(KeyA), k));
        Assert.Equal(1, _standIn.Requests(Secret));
    }

    [Fact]
    public async Task Invalidate_CachedKey_NextResolveReadsTheRotatedSecret()
    {
        _standIn.SetSecret(Secret, KeyA);
        await using var services = Services();
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();
        await resolver.ResolveAsync(Client(), Ct);
        _standIn.SetSecret(Secret, KeyB);

        var forgot = resolver.Invalidate(ClientId.Parse("acme"));
        var key = await resolver.ResolveAsync(Client(), Ct);

        Assert.True(forgot);
        Assert.Equal(new KlaviyoApiKey(KeyB), key);
        Assert.Equal(2, _standIn.Requests(Secret));
        Assert.True(resolver.Invalidate(ClientId.Parse("acme")));
        Assert.False(resolver.Invalidate(ClientId.Parse("acme")));
    }

    [Fact]
    public async Task ResolveAsync_ClientsSecretRenamed_ReadsTheNewSecret()
    {
        _standIn.SetSecret(Secret, KeyA);
        _standIn.SetSecret("acme-renamed", KeyB);
        await using var services = Services();
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();

        var before = await resolver.ResolveAsync(Client(), Ct);
        var after = await resolver.ResolveAsync(Client(secretName: "acme-renamed"), Ct);

        Assert.Equal(new KlaviyoApiKey(KeyA), before);
        Assert.Equal(new KlaviyoApiKey(KeyB), after);
    }

    [Fact]
    public async Task ResolveAsync_FailedRead_IsNotCached()
    {
        _standIn.Script(Secret, Reply.PermissionDenied);
        _standIn.SetSecret(Secret, KeyA);
        await using var services = Services();
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();

        await Assert.ThrowsAsync<KlaviyoKeyUnavailableException>(() => resolver.ResolveAsync(Client(), Ct));
        var key = await resolver.ResolveAsync(Client(), Ct);

        Assert.Equal(new KlaviyoApiKey(KeyA), key);
        Assert.Equal(2, _standIn.Requests(Secret));
    }

    [Fact]
    public async Task ResolveAsync_TwoClients_EachGetsItsOwnSecretsKey()
    {
        _standIn.SetSecret("klaviyo-api-key-alpha", KeyA);
        _standIn.SetSecret("klaviyo-api-key-beta", KeyB);
        await using var services = Services();
        var resolver = services.GetRequiredService<IKlaviyoKeyResolver>();

        var keys = await Task.WhenAll(resolver.ResolveAsync(Client("alpha"), Ct), resolver.ResolveAsync(Client("beta"), Ct));

        Assert.Equal(new KlaviyoApiKey(KeyA), keys[0]);
        Assert.Equal(new KlaviyoApiKey(KeyB), keys[1]);
    }
}
