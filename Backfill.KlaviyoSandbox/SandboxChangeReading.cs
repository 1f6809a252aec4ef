using Microsoft.AspNetCore.Http.HttpResults;

namespace Backfill.KlaviyoSandbox;

/// <summary>
/// Outcome of reading a change request: the request, or a refusal of the body as a whole (413, 415), or the invalid
/// fields by name (each with its messages) for a 400.
/// </summary>
internal sealed record SandboxChangeReading(SandboxChangeRequest? Request, ProblemHttpResult? Refusal, IDictionary<string, string[]> Errors);
