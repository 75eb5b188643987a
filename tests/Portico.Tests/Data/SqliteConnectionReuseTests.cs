using System.Data;
using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;

namespace Portico.Tests.Data;

/// <summary>
/// SQLite connections kept open between contexts with their compiled statements (<see cref="SqliteConnectionReuse"/>):
/// the same answers as fresh connections, nothing carried over from one context to the next, never more than
/// <see cref="SqliteConnectionReuse.MaxKept"/> open, and concurrent sign-ins still seal one unbroken audit chain.
/// </summary>
public sealed class SqliteConnectionReuseTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteConnectionReuse Reuse => factory.Services.GetRequiredService<SqliteConnectionReuse>();

    [Fact]
    public async Task Context_AfterItEnds_LeavesItsConnectionOpenAndKept()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "Kept connections are a SQLite matter.");

        // Note: requests of other tests may still be ending with every kept connection in hand; then this context
        // gets an ordinary one, and the test waits for a kept one to come back.
        DbConnection? connection = null;
        for (var attempt = 0; attempt < 100 && connection is null; attempt++)
        {
            await using (var scope = factory.Scope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await db.Organizations.CountAsync(Ct);
                if (Reuse.IsKept(db.Database.GetDbConnection()))
                {
                    connection = db.Database.GetDbConnection();
                }
            }

            if (connection is null)
            {
                await Task.Delay(50, Ct);
            }
        }

        Assert.NotNull(connection);
        Assert.Equal(ConnectionState.Open, connection.State);
        Assert.True(Reuse.IsKept(connection));
    }

    [Fact]
    public async Task CachedStatement_OtherParametersAndChangedRows_AnswersLikeAFreshQuery()
    {
        var first = (await factory.AnOrganizationAsync("Reuse First " + Guid.NewGuid().ToString("N")[..6])).Organization;
        var second = (await factory.AnOrganizationAsync("Reuse Second " + Guid.NewGuid().ToString("N")[..6])).Organization;

        // Note: the same LINQ in successive contexts is the same SQL, so from the second run on it is a cached statement.
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal(first.DisplayName, await NameOfAsync(first.Id));
            Assert.Equal(second.DisplayName, await NameOfAsync(second.Id));
        }

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var organization = await db.Organizations.SingleAsync(o => o.Id == first.Id, Ct);
            organization.DisplayName = "Renamed " + first.DisplayName;
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal("Renamed " + first.DisplayName, await NameOfAsync(first.Id));
        Assert.Equal(second.DisplayName, await NameOfAsync(second.Id));
        Assert.Null(await NameOfAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Context_EndingInsideItsTransaction_RollsBackAndTheNextContextCanWrite()
    {
        var id = Guid.Empty;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.BeginTransactionAsync(Ct);
            var organization = new Organization { DisplayName = "Never committed", PartnerId = Random.Shared.Next(9_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(Ct);
            id = organization.Id;
        }

        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Organizations.AnyAsync(o => o.Id == id, Ct));
        }

        // Note: a transaction left open on a kept connection would hold SQLite's write lock: this write would time out.
        var created = await factory.AnOrganizationAsync();
        Assert.NotEqual(Guid.Empty, created.Organization.Id);
    }

    [Fact]
    public async Task SameQuery_WhileItsReaderIsStillOpen_RunsOnItsOwnCommand()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "A second reader on one connection is a SQLite matter (Npgsql runs one command at a time).");
        await factory.AnOrganizationAsync();
        await factory.AnOrganizationAsync();
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var outer = new List<Guid>();
        await foreach (var id in db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).AsAsyncEnumerable().WithCancellation(Ct))
        {
            outer.Add(id);
            var inner = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(Ct);
            Assert.Contains(id, inner);
        }

        Assert.True(outer.Count >= 2);
        Assert.Equal(outer, await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task MoreContextsAtOnceThanKept_AllAnswer_AndAtMostMaxKeptStayOpen()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "Kept connections are a SQLite matter.");
        var scopes = Enumerable.Range(0, Reuse.MaxKept + 3).Select(_ => factory.Scope()).ToList();
        try
        {
            var connections = new List<DbConnection>();
            foreach (var scope in scopes)
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                Assert.True(await db.Organizations.CountAsync(Ct) >= 0);
                connections.Add(db.Database.GetDbConnection());
            }

            // Note: requests of earlier tests may still be ending (their contexts hold kept connections), so only the bound is certain.
            Assert.Equal(connections.Count, connections.Distinct().Count());
            Assert.InRange(connections.Count(Reuse.IsKept), 0, Reuse.MaxKept);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        Assert.InRange(Reuse.KeptCount, 0, Reuse.MaxKept);
    }

    [Fact]
    public async Task ConcurrentSignIns_AllSucceed_AndTheAuditChainVerifies()
    {
        var org = await factory.AnOrganizationAsync();
        var accounts = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            accounts.Add((await factory.AWorkAccountAsync(org.Organization.Id)).Email!);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Task.Run(() => factory.CreateClient().PostSessionAsync(accounts[i % accounts.Count], Builders.GoodPassword), Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var scope = factory.Scope();
        var (_, _, problem) = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Ct);
        Assert.Null(problem);
    }

    private async Task<string?> NameOfAsync(Guid organizationId)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.DisplayName).SingleOrDefaultAsync(Ct);
    }
}
