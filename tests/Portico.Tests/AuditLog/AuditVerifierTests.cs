using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Tests.AuditLog;

/// <summary>
/// The hash chain catches every kind of tampering. Each test writes its own chain (a fresh organization id), tampers
/// with it through raw SQL as an attacker with database access would, and removes the whole chain afterwards so the
/// database is consistent again for the next test.
/// </summary>
public sealed class AuditVerifierTests : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly PortalFactory factory;
    private readonly string chain;
    private readonly Guid organizationId = Guid.CreateVersion7();

    public AuditVerifierTests(PortalFactory factory)
    {
        this.factory = factory;
        chain = AuditChain.ChainFor(organizationId);
    }

    public async ValueTask InitializeAsync()
    {
        await using var scope = factory.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var i = 1; i <= 5; i++)
        {
            audit.Record(AuditEventType.SignInFailed, organizationId, details: new { attempt = i });

            // Note: saved one by one, like separate requests.
            await db.SaveChangesAsync(ApiClient.Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.AuditEvents.Where(e => e.Chain == chain).ExecuteDeleteAsync();
        await db.AuditChainHeads.Where(h => h.Chain == chain).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task Verify_UntouchedChain_FindsNoProblem()
    {
        var (rows, _, problem) = await VerifyAsync();

        Assert.Null(problem);
        Assert.True(rows >= 5);
        var sequences = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Chain == chain).OrderBy(e => e.Id).Select(e => e.Sequence).ToListAsync(ApiClient.Ct));
        Assert.Equal([1, 2, 3, 4, 5], sequences);
    }

    [Fact]
    public async Task Verify_AlteredRow_NamesThatRow()
    {
        var row = await RowAsync(2);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Details\" = {0} WHERE \"Id\" = {1}", "{\"attempt\":99}", row.Id);

        var problem = await ProblemAsync();

        Assert.Equal(row.Id, problem.RowId);
        Assert.Equal(2, problem.Sequence);
        Assert.Contains("altered", problem.Reason, StringComparison.Ordinal);
        Assert.Contains($"row id {row.Id}", AuditVerifier.Describe(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AlteredRowWithRecomputedHash_NamesTheNextRow()
    {
        var row = await RowAsync(2);
        row.Details = "{\"attempt\":99}";
        row.Hash = AuditChain.ComputeHash(row);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Details\" = {0}, \"Hash\" = {1} WHERE \"Id\" = {2}", row.Details, row.Hash, row.Id);

        var problem = await ProblemAsync();

        Assert.Equal((await RowAsync(3)).Id, problem.RowId);
        Assert.Equal(3, problem.Sequence);
    }

    [Fact]
    public async Task Verify_RemovedMiddleRow_NamesTheRowAfterTheGap()
    {
        var removed = await RowAsync(3);
        var next = await RowAsync(4);
        await SqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Id\" = {0}", removed.Id);

        var problem = await ProblemAsync();

        Assert.Equal(next.Id, problem.RowId);
        Assert.Equal(4, problem.Sequence);
    }

    [Fact]
    public async Task Verify_RemovedMiddleRowAndRenumbered_IsStillDetected()
    {
        var removed = await RowAsync(3);
        var next = await RowAsync(4);
        await SqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Id\" = {0}", removed.Id);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = {0} WHERE \"Id\" = {1}", 3, next.Id);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = {0} WHERE \"Id\" = {1}", 4, (await RowAsync(5)).Id);

        var problem = await ProblemAsync();

        Assert.Equal(next.Id, problem.RowId);
        Assert.Equal(3, problem.Sequence);
    }

    [Fact]
    public async Task Verify_ReorderedRows_NamesTheFirstRowOutOfPlace()
    {
        var second = await RowAsync(2);
        var third = await RowAsync(3);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = {0} WHERE \"Id\" = {1}", -2, second.Id);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = {0} WHERE \"Id\" = {1}", 2, third.Id);
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = {0} WHERE \"Id\" = {1}", 3, second.Id);

        var problem = await ProblemAsync();

        Assert.Equal(third.Id, problem.RowId);
        Assert.Equal(2, problem.Sequence);
    }

    [Fact]
    public async Task Verify_TruncatedTail_ReportsChainEnd()
    {
        await SqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Id\" = {0}", (await RowAsync(5)).Id);

        var problem = await ProblemAsync();

        Assert.Null(problem.RowId);
        Assert.Equal(5, problem.Sequence);
        Assert.Contains("removed from the end", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EveryRowRemovedButHeadKept_ReportsChainEnd()
    {
        await SqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Chain\" = {0}", chain);

        var problem = await ProblemAsync();

        Assert.Null(problem.RowId);
        Assert.Equal(1, problem.Sequence);
    }

    private async Task<(int Rows, int Chains, AuditVerifier.Problem? Problem)> VerifyAsync()
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(ApiClient.Ct);
    }

    private async Task<AuditVerifier.Problem> ProblemAsync()
    {
        var (_, _, problem) = await VerifyAsync();
        Assert.NotNull(problem);
        Assert.Equal(chain, problem.Chain);
        return problem;
    }

    private Task<AuditEvent> RowAsync(long sequence) =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Chain == chain && e.Sequence == sequence, ApiClient.Ct));

    private Task<int> SqlAsync(string sql, params object[] parameters) =>
        factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, parameters, ApiClient.Ct));
}
