using System.Net;
using Backfill.Services.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Backfill.Tests.Web.Security;

/// <summary>
/// An unhandled exception in Development (what local mode runs as): the answer must not show the stack, source paths
/// or the request's headers, an API key in Authorization among them.
/// </summary>
public sealed class ErrorPageTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private const string Sentinel = "pk_sentinel_error_page_0123456789";

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    public async Task Get_RouteThatThrows_Answers500WithoutRequestDetails(string accept)
    {
        // The double refuses every data operation, so listing clients throws inside the handler.
        using var client = factory.WithDocumentStore(new FixedHealthDocumentStore(new StoreDescription("Embedded", "test.db"), new StoreHealth(true, null, TimeSpan.Zero)))
            .CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clients");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Sentinel);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("X-Probe", Sentinel);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain(Sentinel, body, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Probe", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NotSupportedException", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", body, StringComparison.Ordinal);
    }
}
