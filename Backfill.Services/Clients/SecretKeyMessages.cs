using Backfill.Services.Secrets;

namespace Backfill.Services.Clients;

/// <summary>What a user reads on the dashboard when a client's key cannot be read from Secret Manager: which secret, and the fix.</summary>
internal static class SecretKeyMessages
{
    public static string Describe(SecretAccessException failure, string secretName, string project)
    {
        var resource = failure.ResourceName;
        return failure.Kind switch
        {
            SecretErrorKind.NotFound =>
                $"Secret {resource} was not found in Secret Manager (or has no versions): create it with the client's Klaviyo private key "
                + $"(gcloud secrets create {secretName} --project={project} --data-file=-) or set klaviyo_secret_name on the client.",
            SecretErrorKind.PermissionDenied =>
                $"Permission denied reading {resource}: grant roles/secretmanager.secretAccessor on the secret to the service account the app runs as "
                + $"(gcloud secrets add-iam-policy-binding {secretName} --project={project} --member=serviceAccount:SERVICE_ACCOUNT_EMAIL "
                + $"--role=roles/secretmanager.secretAccessor), and check that the Secret Manager API is enabled (gcloud services enable secretmanager.googleapis.com --project={project}).",
            SecretErrorKind.FailedPrecondition =>
                $"The newest version of {resource} is disabled or destroyed: add a new version with the key "
                + $"(gcloud secrets versions add {secretName} --project={project} --data-file=-) or enable the version again.",
            SecretErrorKind.Unauthenticated =>
                $"Secret Manager did not accept the app's Google credentials reading {resource}: check Application Default Credentials "
                + "(GOOGLE_APPLICATION_CREDENTIALS, the service account attached to the service, or 'gcloud auth application-default login' on a workstation).",
            SecretErrorKind.Unavailable =>
                $"Secret Manager is unavailable (reading {resource} failed after retries); the backfill can be retried.",
            SecretErrorKind.Corrupted =>
                $"The key read from {resource} failed its integrity check twice (corrupted in transit); the backfill can be retried.",
            SecretErrorKind.InvalidArgument =>
                $"Secret Manager refused to read {resource} ({failure.Message}): check klaviyo_secret_name on the client and SecretManager:ProjectId.",
            _ => $"Reading {resource} from Secret Manager failed: {failure.Message}",
        };
    }

    public static string InvalidKey(string resource, string secretName, string project) =>
        $"Secret {resource} does not hold a valid Klaviyo key (it is empty or contains whitespace or control characters): add a new version with only the key "
        + $"(gcloud secrets versions add {secretName} --project={project} --data-file=-).";
}
