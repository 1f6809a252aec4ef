using System.Collections.Concurrent;
using Backfill.Services.Clients;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backfill.Tests.Secrets;

/// <summary>The key resolver and Secret Manager client as the app registers them, pointed at a <see cref="SecretManagerStandIn"/>.</summary>
internal static class SecretTestServices
{
    public static ServiceProvider Build(
        SecretManagerStandIn? standIn, IReadOnlyDictionary<string, string?>? configuration = null, TimeProvider? timeProvider = null, ILoggerProvider? logs = null)
    {
        var builder = new ConfigurationBuilder();
        if (standIn is not null)
        {
            builder.AddInMemoryCollection(standIn.Configuration());
        }

        if (configuration is not null)
        {
            builder.AddInMemoryCollection(configuration);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Build());
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddKlaviyoKeyResolver();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}

/// <summary>Keeps every formatted log line, to check what reaches the logs (and what never does).</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Text)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
    }
}
