namespace Backfill.Web.Endpoints.Backfill;

/// <summary>The refresh-all body (same rules as start-all's). Unknown fields are ignored; known fields must have the right JSON type.</summary>
internal sealed record RefreshAllRequest(int? LookbackDays, bool? IncludeToday, bool? TestMode)
{
    /// <summary>The body (no body means every default), or the answer that refuses it.</summary>
    public static async Task<(RefreshAllRequest? Body, IResult? Refusal)> ReadAsync(HttpRequest request, ApiInput input, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return (new RefreshAllRequest(null, null, null), null);
        }

        var (document, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (document is null)
        {
            return (null, refusal);
        }

        using (document)
        {
            var root = document.RootElement;
            var result = new RefreshAllRequest(
                JsonBody.Integer(root, "lookback_days", input), JsonBody.Boolean(root, "include_today", input), JsonBody.Boolean(root, "test_mode", input));
            return input.HasErrors ? (null, input.Problem()) : (result, null);
        }
    }
}
