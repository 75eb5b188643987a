using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Tests.Api;

/// <summary>A flood of sign-ins is turned away (503 + Retry-After) instead of queueing without bound, and never fails with a 500.</summary>
public sealed class HashingQueueTests : IClassFixture<HashingQueueTests.OneSlotFactory>
{
    private readonly OneSlotFactory factory;

    public HashingQueueTests(OneSlotFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_HashingSlotTaken_Answers503ServerBusyWithRetryAfter()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var queue = factory.Services.GetRequiredService<PasswordHashingQueue>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => queue.RunAsync(() => { entered.Set(); release.Wait(ApiClient.Ct); return 0; }, ApiClient.Ct), ApiClient.Ct);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30), ApiClient.Ct));

        HttpResponseMessage[] responses;
        try
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => factory.CreateClient().PostSessionAsync(
                i % 2 == 0 ? account.Email! : $"unknown{i}@example.org", i % 3 == 0 ? Builders.GoodPassword : $"wrong-{i}-password")));
        }
        finally
        {
            release.Set();
            await holder;
        }

        foreach (var response in responses)
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "server_busy");
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
    }

    [Fact]
    public async Task CreateSession_ConcurrentFloodWithSlowHash_NeverAnswers500()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);

        // Note: one repeated wrong password, so smart lockout does not count it more than once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            Task.Run(() => factory.CreateClient().PostSessionAsync(account.Email!, "flood-wrong-password"), ApiClient.Ct)));

        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ApiClient.Ct)}");
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "server_busy");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        // Once the flood is over, the owner signs in.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
    }

    public sealed class OneSlotFactory : PortalFactory
    {
        public OneSlotFactory()
        {
            Settings["Portico:Passwords:Queue:Concurrency"] = "1";
            Settings["Portico:Passwords:Queue:QueueLimit"] = "0";
            Settings["Portico:Passwords:Argon2:MemoryKiB"] = "65536";
        }
    }
}
