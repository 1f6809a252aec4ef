namespace Backfill.Services.Klaviyo;

/// <summary>
/// Where the sandbox answers over HTTP (its base URL, ending in <c>/sandbox/klaviyo/</c>), or null when it is not
/// served. Sandbox clients are fetched over real HTTP like any Klaviyo account, so the engine needs the address.
/// </summary>
public interface IKlaviyoSandboxAddress
{
    Uri? BaseAddress { get; }
}

/// <summary>A fixed address, e.g. a sandbox hosted elsewhere or by a test.</summary>
public sealed class FixedKlaviyoSandboxAddress(Uri? baseAddress) : IKlaviyoSandboxAddress
{
    public Uri? BaseAddress { get; } = baseAddress;
}
