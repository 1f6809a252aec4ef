using Microsoft.Extensions.Options;

namespace Backfill.Services.Secrets;

/// <summary>
/// Rules data annotations cannot express: requests without credentials may only go to a loopback address (a local
/// stand-in), so a misconfiguration can never send unauthenticated calls, or secret names, to a remote host.
/// </summary>
internal sealed class SecretManagerOptionsValidator : IValidateOptions<SecretManagerOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretManagerOptions options)
    {
        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            return ValidateOptionsResult.Fail("SecretManager:BaseUrl must be an absolute http(s) address.");
        }

        if (!options.BaseUrl.IsLoopback && options.BaseUrl.Scheme != Uri.UriSchemeHttps)
        {
            return ValidateOptionsResult.Fail("SecretManager:BaseUrl must use https unless it is a loopback address.");
        }

        if (options.Credentials == SecretManagerCredentials.None && !options.BaseUrl.IsLoopback)
        {
            return ValidateOptionsResult.Fail("SecretManager:Credentials=None is only allowed with a loopback SecretManager:BaseUrl (a local stand-in).");
        }

        return ValidateOptionsResult.Success;
    }
}
