using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.AuditLog;

namespace Portico.Tests.AuditLog;

/// <summary>Many requests appending to one organization's chain at once must still leave one gap-free, valid chain.</summary>
public sealed class AuditChainConcurrencyTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;

    public AuditChainConcurrencyTests(PortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task SignIn_ConcurrentlyInOneOrganization_KeepsTheChainValid()
    {
        var org = await factory.AnOrganizationAsync();
        var accounts = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            accounts.Add((await factory.AWorkAccountAsync(org.Organization.Id)).Email!);
        }

        var responses = await Task.WhenAll(accounts.SelectMany(email => new[]
        {
            Task.Run(() => factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword), ApiClient.Ct),
            Task.Run(() => factory.CreateClient().PostSessionAsync(email, "a-wrong-password-here"), ApiClient.Ct),
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, r.StatusCode.ToString()));
        Assert.Equal(8, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var chain = AuditChain.ChainFor(org.Organization.Id);
        var sequences = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Chain == chain).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(ApiClient.Ct));
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(1 + 1 + 8 + 8 + 8, sequences.Count);

        await using var scope = factory.Scope();
        var (_, _, problem) = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ApiClient.Ct);
        Assert.Null(problem);
    }
}
