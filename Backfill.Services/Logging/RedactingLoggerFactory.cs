using Microsoft.Extensions.Logging;

namespace Backfill.Services.Logging;

/// <summary>
/// Wraps the logger factory the host built (with every provider and filter rule it has), so each logger it creates
/// masks secrets before anything reaches a provider.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, bool ownsInner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        if (ownsInner)
        {
            inner.Dispose();
        }
    }
}
