using System.Net;
using Portico.Tests.Infrastructure;

namespace Portico.Tests.Api;

public sealed class RateLimitTests : IClassFixture<RateLimitTests.ThreePermitsFactory>
{
    private readonly ThreePermitsFactory factory;

    public RateLimitTests(ThreePermitsFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_FourthPostInWindow_Answers429WithRetryAfter()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostSessionAsync("someone@example.org", $"wrong-password-{i}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var before = await factory.CountsAsync();
        var limited = await client.PostSessionAsync("someone@example.org", "wrong-password-4");

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.InRange(limited.Headers.RetryAfter.Delta.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(before, await factory.CountsAsync());

        // Every public form shares the per-address budget; reading pages stays free.
        await (await client.PostJsonAsync("/api/v1/personal-accounts", new { email = "x@example.org", password = Builders.GoodPassword, displayName = "X" }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/SignIn", ApiClient.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ApiClient.Ct)).StatusCode);
    }

    public sealed class ThreePermitsFactory : PortalFactory
    {
        public ThreePermitsFactory() => Settings["Portico:RateLimits:PublicFormPermits"] = "3";
    }
}
