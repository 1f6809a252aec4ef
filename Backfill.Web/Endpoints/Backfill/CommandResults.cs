using Backfill.Services.Backfill;
using Backfill.Services.Storage;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>Coordinator answers → HTTP: refused commands become problem details with the coordinator's reason.</summary>
internal static class CommandResults
{
    public static IResult Refusal(BackfillCommandOutcome outcome, string message, IReadOnlyDictionary<string, string[]>? errors) => outcome switch
    {
        BackfillCommandOutcome.NotFound => TypedResults.Problem(message, statusCode: StatusCodes.Status404NotFound, title: "Unknown client"),
        BackfillCommandOutcome.Conflict => TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state"),
        BackfillCommandOutcome.Forbidden => TypedResults.Problem(message, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for your role"),
        BackfillCommandOutcome.Invalid => TypedResults.ValidationProblem(errors ?? new Dictionary<string, string[]> { ["request"] = [message] }, title: "The request has invalid values"),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static IResult UnknownClient(ClientId id) =>
        Refusal(BackfillCommandOutcome.NotFound, BackfillCommandResult.UnknownClient(id).Message, null);

    public static IResult Command(BackfillCommandResult result) => result.Accepted
        ? TypedResults.Ok(new CommandResponse("ok", result.Status?.ClientId.Value ?? "", result.Message, result.Status is { } s ? StatusResponse.From(s) : null))
        : Refusal(result.Outcome, result.Message, result.Errors);
}
