using Backfill.Services.Firestore;
using Microsoft.Extensions.Configuration;

namespace Backfill.Services.Storage;

public enum StorageProvider
{
    Embedded,
    Firestore,
}

/// <summary>
/// Chooses the store: <c>Storage:Provider</c> when it names one; otherwise Firestore when
/// <c>FIRESTORE_EMULATOR_HOST</c>, <c>Firestore:EmulatorHost</c> or <c>Firestore:ProjectId</c> is set; otherwise Embedded.
/// </summary>
public static class StorageSelection
{
    public const string ProviderKey = "Storage:Provider";

    /// <summary>The project id used against an emulator when none is configured.</summary>
    public const string LocalEmulatorProjectId = "demo-backfill";

    public static StorageProvider Choose(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var configured = configuration[ProviderKey];
        if (!string.IsNullOrWhiteSpace(configured) && !configured.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            return Enum.TryParse<StorageProvider>(configured, ignoreCase: true, out var provider)
                ? provider
                : throw new InvalidOperationException($"{ProviderKey} is '{configured}'; use Embedded, Firestore or Auto.");
        }

        var firestoreWanted =
            !string.IsNullOrWhiteSpace(environment(FirestoreOptions.EmulatorHostVariable))
            || !string.IsNullOrWhiteSpace(configuration[$"{FirestoreOptions.SectionName}:EmulatorHost"])
            || !string.IsNullOrWhiteSpace(configuration[$"{FirestoreOptions.SectionName}:ProjectId"]);
        return firestoreWanted ? StorageProvider.Firestore : StorageProvider.Embedded;
    }
}
