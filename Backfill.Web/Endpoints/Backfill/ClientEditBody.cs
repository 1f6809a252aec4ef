using Backfill.Services.Clients;
using Backfill.Services.Storage;

namespace Backfill.Web.Endpoints.Backfill;

/// <summary>
/// The body of <c>PUT /api/clients/{client_id}</c>: the whole editable part of the client (a field left out is cleared
/// to its default, as a PUT replaces). An <c>id</c> other than the route's is refused: the id names the client's data.
/// </summary>
internal sealed record ClientEditBody(string Name, string? KlaviyoSecretName, string? PlacedOrderMetricId, int? RefreshLookbackDays)
{
    public static async Task<(ClientEdit? Edit, IResult? Refusal)> ReadAsync(
        HttpRequest request, ClientId id, ApiInput input, CancellationToken cancellationToken)
    {
        var (body, refusal) = await JsonBody.ReadObjectAsync(request, input, cancellationToken);
        if (body is null)
        {
            return (null, refusal);
        }

        ClientEdit edit;
        using (body)
        {
            var root = body.RootElement;
            if (JsonBody.String(root, "id", input) is { } bodyId && bodyId != id.Value)
            {
                input.Fail("id", "the id of a client cannot be changed; add a new client instead");
            }

            if (JsonBody.Boolean(root, "sandbox_account", input) is not null)
            {
                input.Fail("sandbox_account", "whether a client is a sandbox account cannot be changed");
            }

            edit = new ClientEdit(
                JsonBody.String(root, "name", input), JsonBody.String(root, "klaviyo_secret_name", input),
                JsonBody.String(root, "placed_order_metric_id", input), JsonBody.Integer(root, "refresh_lookback_days", input));
        }

        input.AddAll(edit.Validate(id));
        return input.HasErrors ? (null, input.Problem()) : (edit, null);
    }
}
