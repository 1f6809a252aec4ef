using System.Net;
using System.Text;
using Backfill.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Backfill.Tests.KlaviyoSandbox;

public sealed class SandboxChangeValidationTests
{
    [Theory]
    [InlineData("{\"add_orders\":[]}", "account")]
    [InlineData("{\"account\":\"nobody\"}", "account")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":[{\"date\":\"2024-01-01\",\"count\":1}]}", "add_orders[0].date")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":[{\"date\":\"2026-06-01\",\"count\":1},{\"date\":\"2026-02-30\",\"count\":1}]}", "add_orders[1].date")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":[{\"date\":\"2026-06-01\"}]}", "add_orders[0].count")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":[{\"date\":\"2026-06-01\",\"count\":1,\"hour\":3}]}", "add_orders[0].hour")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":{\"date\":\"2026-06-01\",\"count\":1}}", "add_orders")]
    [InlineData("{\"account\":\"alder-and-ash\",\"delete_orders\":[{\"date\":\"2026-06-01\",\"count\":-1}]}", "delete_orders[0].count")]
    [InlineData("{\"account\":\"alder-and-ash\",\"delete_orders\":[{\"date\":\"2026-06-01\",\"count\":2.5}]}", "delete_orders[0].count")]
    [InlineData("{\"account\":\"alder-and-ash\",\"update_campaigns\":100000000}", "update_campaigns")]
    [InlineData("{\"account\":\"alder-and-ash\",\"delete_campaigns\":-3}", "delete_campaigns")]
    [InlineData("{\"account\":\"alder-and-ash\",\"delete_flows\":\"2\"}", "delete_flows")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_order\":[]}", "add_order")]
    [InlineData("{\"account\":\"alder-and-ash\",\"account\":\"rogue-creamery\"}", "body")]
    [InlineData("{\"account\":\"alder-and-ash\",\"add_orders\":[{\"date\":\"2026-06-01\",\"date\":\"2026-06-02\",\"count\":1}]}", "body")]
    [InlineData("[\"alder-and-ash\"]", "body")]
    [InlineData("{\"account\":", "body")]
    public async Task PostChanges_InvalidField_Returns400ProblemNamingIt(string body, string field)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.PostAsync("_control/changes", SandboxRateLimitTests.Json(body), TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task PostChanges_DayAfterTheAccountsToday_Returns400NamingTheDate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 20, 12, 0, 0, TimeSpan.Zero));
        await using var server = await SandboxServer.StartAsync(timeProvider: clock, cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.PostAsync("_control/changes",
            SandboxRateLimitTests.Json("{\"account\":\"rogue-creamery\",\"delete_orders\":[{\"date\":\"2026-06-20\",\"count\":1},{\"date\":\"2026-06-21\",\"count\":1}]}"),
            TestContext.Current.CancellationToken);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "delete_orders[1].date");
        Assert.Contains("future", problem.GetProperty("errors").GetProperty("delete_orders[1].date")[0].GetString(), StringComparison.Ordinal);
        Assert.False(problem.GetProperty("errors").TryGetProperty("delete_orders[0].date", out _));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/vnd.api+json")]
    public async Task PostChanges_BodyNotApplicationJson_Returns415(string mediaType)
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var content = new StringContent("{\"account\":\"alder-and-ash\",\"update_campaigns\":1}", Encoding.UTF8, mediaType);
        using var response = await server.Client.PostAsync("_control/changes", content, TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, field: null);
    }

    [Fact]
    public async Task UndoChanges_UnknownAccount_Returns400NamingAccount()
    {
        await using var server = await SandboxServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

        using var response = await server.Client.DeleteAsync("_control/changes?account=nobody", TestContext.Current.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "account");
    }

    [Fact]
    public async Task Changes_WhenControlEndpointDisabled_AreNotMapped()
    {
        await using var server = await SandboxServer.StartAsync(o => o.EnableControlEndpoint = false, cancellationToken: TestContext.Current.CancellationToken);

        using var post = await server.Client.PostAsync("_control/changes", SandboxRateLimitTests.Json("{\"account\":\"alder-and-ash\",\"update_campaigns\":1}"), TestContext.Current.CancellationToken);
        using var delete = await server.Client.DeleteAsync("_control/changes", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        var problem = await response.JsonAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
        return problem;
    }
}
