using Backfill.Services.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Logging;

public sealed partial class RedactingLoggerTests
{
    private static readonly string Key = "pk_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    [Fact]
    public void AddSecretRedaction_ProvidersAddedBeforeAndAfter_BothReceiveMaskedMessages()
    {
        var before = new CapturingLoggerProvider();
        var after = new CapturingLoggerProvider();
        using var services = Build(logging =>
        {
            logging.AddProvider(before);
            logging.AddSecretRedaction();
            logging.AddProvider(after);
        });

        services.GetRequiredService<ILogger<RedactingLoggerTests>>().LogInformation("Using key {Key} for {Client}", Key, "acme");

        foreach (var provider in new[] { before, after })
        {
            var entry = Assert.Single(provider.Entries);
            Assert.Equal("Using key pk_*** for acme", entry.Message);
            Assert.DoesNotContain(Key, entry.AllText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddSecretRedaction_NotCalled_TheKeyReachesTheSink()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging.AddProvider(sink));

        services.GetRequiredService<ILogger<RedactingLoggerTests>>().LogInformation("Using key {Key}", Key);

        Assert.Contains(Key, Assert.Single(sink.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_ExceptionWithInnerExceptions_PassesMaskedStandIns()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging.AddSecretRedaction().AddProvider(sink));
        var failure = Thrown(new InvalidOperationException($"outer {Key}", new HttpRequestException($"Authorization: Bearer {Key}", Thrown(new FormatException($"innermost {Key}")))));

        services.GetRequiredService<ILogger<RedactingLoggerTests>>().LogError(failure, "Run failed");

        var exception = Assert.IsType<RedactedException>(Assert.Single(sink.Entries).Exception);
        Assert.Equal("outer pk_***", exception.Message);
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.OriginalType);
        Assert.StartsWith("System.InvalidOperationException: outer pk_***", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains("System.FormatException: innermost pk_***", exception.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), exception.StackTrace, StringComparison.Ordinal);
        Assert.Equal("Authorization: Bearer ***", exception.InnerException!.Message);
        Assert.Equal("innermost pk_***", exception.InnerException.InnerException!.Message);
        Assert.DoesNotContain(Key, Assert.Single(sink.Entries).AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_StructuredState_KeepsOriginalFormatAndValueTypesAndMasksText()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging.AddSecretRedaction().AddProvider(sink));
        IReadOnlyList<KeyValuePair<string, object?>>? state = null;
        sink.OnLog = s => state = s;

        LogKeyUse(services.GetRequiredService<ILogger<RedactingLoggerTests>>(), Key, 42, new Uri($"https://example.test/?key={Key}"));

        Assert.NotNull(state);
        var values = state.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("Key {Key} used {Times} times at {Address}", values["{OriginalFormat}"]);
        Assert.Equal("pk_***", values["Key"]);
        Assert.Equal(42, values["Times"]);
        Assert.Equal("https://example.test/?key=pk_***", values["Address"]);
        Assert.Equal("Key pk_*** used 42 times at https://example.test/?key=pk_***", Assert.Single(sink.Entries).Message);
    }

    [Fact]
    public void BeginScope_SecretInScope_ScopeIsMasked()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging.AddSecretRedaction().AddProvider(sink));
        var logger = services.GetRequiredService<ILogger<RedactingLoggerTests>>();

        using (logger.BeginScope("Calling with {Key}", Key))
        using (logger.BeginScope($"plain {Key}"))
        {
            logger.LogInformation("inside");
        }

        var entry = Assert.Single(sink.Entries);
        Assert.Contains("Calling with pk_***", entry.ScopeText, StringComparison.Ordinal);
        Assert.Contains("plain pk_***", entry.ScopeText, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, entry.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddSecretRedaction_ProviderFilterRule_StillApplies()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging
            .AddSecretRedaction()
            .AddProvider(sink)
            .AddFilter<CapturingLoggerProvider>(typeof(RedactingLoggerTests).FullName, LogLevel.Warning));
        var logger = services.GetRequiredService<ILogger<RedactingLoggerTests>>();

        logger.LogInformation("filtered out {Key}", Key);
        logger.LogWarning("kept {Key}", Key);

        Assert.Equal("kept pk_***", Assert.Single(sink.Entries).Message);
    }

    [Fact]
    public void AddSecretRedaction_CalledTwice_WrapsOnce()
    {
        var sink = new CapturingLoggerProvider();
        using var services = Build(logging => logging.AddSecretRedaction().AddSecretRedaction().AddProvider(sink));

        var factory = services.GetRequiredService<ILoggerFactory>();
        factory.CreateLogger("x").LogError(Thrown(new InvalidOperationException(Key)), "{Key}", Key);

        Assert.IsType<RedactingLoggerFactory>(factory);
        Assert.Single(services.GetServices<ILoggerFactory>());
        var exception = Assert.IsType<RedactedException>(Assert.Single(sink.Entries).Exception);
        Assert.StartsWith("System.InvalidOperationException: pk_***", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSecretRedaction_InAHost_MasksLogsOfLoggersCreatedByTheHost()
    {
        var sink = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSecretRedaction();
        builder.Logging.AddProvider(sink);
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);

        // Deliberately the careless call: a key interpolated into the template itself.
#pragma warning disable CA2254
        host.Services.GetRequiredService<ILogger<RedactingLoggerTests>>().LogCritical($"interpolated {Key}");
#pragma warning restore CA2254
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Contains(sink.Entries, e => e.Message == "interpolated pk_***");
        Assert.All(sink.Entries, e => Assert.DoesNotContain(Key, e.AllText(), StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Action<ILoggingBuilder> configure) =>
        new ServiceCollection()
            .AddLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                configure(logging);
            })
            .BuildServiceProvider();

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Key {Key} used {Times} times at {Address}")]
    private static partial void LogKeyUse(ILogger logger, string key, int times, Uri address);
}
