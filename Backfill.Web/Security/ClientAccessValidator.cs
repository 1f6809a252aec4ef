using System.Globalization;
using System.Text.RegularExpressions;
using Backfill.Services.Storage;
using Microsoft.Extensions.Options;

namespace Backfill.Web.Security;

/// <summary>
/// Refuses to start when client access is written in a shape the binder would quietly drop. A list given as one
/// string, an object, or an empty list would otherwise bind to "no list", and no list means every client: a typo
/// would open every client to someone meant to see one. So the raw configuration is checked, not the bound options.
/// </summary>
internal sealed partial class ClientAccessValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var auth = configuration.GetSection(AuthOptions.SectionName);
        foreach (var key in auth.GetSection("ApiKeys").GetChildren())
        {
            foreach (var clients in Named(key, "Clients"))
            {
                CheckList(clients, $"Auth:ApiKeys:{key.Key}:Clients", failures);
            }
        }

        foreach (var access in Named(auth.GetSection("Google"), "ClientAccess"))
        {
            var entries = access.GetChildren().ToList();
            if (entries.Count == 0 && access.Value is { Length: > 0 })
            {
                failures.Add("Auth:Google:ClientAccess must map e-mail addresses or domains to lists of client ids "
                    + "(in JSON: \"ClientAccess\": { \"ana@shop.example\": [\"shop-id\"] }), not a single value.");
            }

            foreach (var entry in entries)
            {
                var path = "Auth:Google:ClientAccess:" + entry.Key;
                if (!IsEmailOrDomain(entry.Key))
                {
                    failures.Add($"{path}: '{entry.Key}' is neither an e-mail address nor a domain (e.g. ana@shop.example or shop.example).");
                }

                CheckList(entry, path, failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<IConfigurationSection> Named(IConfiguration parent, string key) =>
        parent.GetChildren().Where(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    private static void CheckList(IConfigurationSection list, string path, List<string> failures)
    {
        var items = list.GetChildren().ToList();
        if (items.Count == 0)
        {
            failures.Add(list.Value is { Length: > 0 }
                ? $"{path} must be a list of client ids ({path}:0, {path}:1 …; in JSON [\"shop-id\"]), not a single value."
                : $"{path} is empty: list the client ids, or remove it to allow every client.");
            return;
        }

        foreach (var item in items)
        {
            if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{path} must be a list of client ids, not an object (it has a field '{item.Key}').");
            }
            else if (item.GetChildren().Any() || item.Value is null)
            {
                failures.Add($"{path}:{item.Key} must be a client id, not a list or an object.");
            }
            else if (!ClientId.TryParse(item.Value, out _, out var error))
            {
                failures.Add($"{path}:{item.Key} '{item.Value}' is not a client id: {error}.");
            }
        }
    }

    private static bool IsEmailOrDomain(string key)
    {
        var at = key.IndexOf('@', StringComparison.Ordinal);
        var domain = at < 0 ? key : key[(at + 1)..];
        var local = at < 0 ? "x" : key[..at];

        // "@shop.example" is a domain, as in the allow lists.
        return (local.Length > 0 || at == 0) && !local.Contains('@', StringComparison.Ordinal) && Domain().IsMatch(domain);
    }

    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Domain();
}
