using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Tests.AuditLog;

/// <summary>A portal of its own per test: retention prunes every chain of the database, on the portal's fake clock.</summary>
public sealed class AuditRetentionTests : IAsyncLifetime
{
    private readonly PortalFactory factory = new();
    private readonly Guid organizationId = Guid.CreateVersion7();
    private string Chain => AuditChain.ChainFor(organizationId);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await factory.DisposeAsync();

    private async Task RecordAsync(int count)
    {
        await using var scope = factory.Scope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        for (var i = 0; i < count; i++)
        {
            audit.Record(AuditEventType.SignInFailed, organizationId, details: new { attempt = i });
            await db.SaveChangesAsync(Ct);
        }
    }

    private async Task<IReadOnlyList<AuditPruned>> RunAsync(int? retentionDays = null, int? batchSize = null)
    {
        await using var scope = factory.Scope();
        var settings = new AuditOptions();
        settings.RetentionDays = retentionDays ?? settings.RetentionDays;
        settings.RetentionBatchSize = batchSize ?? settings.RetentionBatchSize;
        var retention = retentionDays is not null || batchSize is not null
            ? ActivatorUtilities.CreateInstance<AuditRetention>(scope.ServiceProvider, Options.Create(settings))
            : scope.ServiceProvider.GetRequiredService<AuditRetention>();
        return await retention.RunOnceAsync(Ct);
    }

    private async Task<AuditVerifier.Problem?> VerifyAsync()
    {
        await using var scope = factory.Scope();
        return (await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(Ct)).FirstProblem;
    }

    private Task<List<AuditEvent>> RowsAsync() =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Chain == Chain).OrderBy(e => e.Sequence).ToListAsync(Ct));

    [Fact]
    public async Task Retention_ALongExpiredPrefix_GoesInBatches_EachWithItsRetentionEvent_AndTheChainStillVerifies()
    {
        await RecordAsync(5);
        var hashes = (await RowsAsync()).ToDictionary(r => r.Sequence, r => r.Hash);
        factory.Time.Advance(TimeSpan.FromDays(731));
        await RecordAsync(1);

        var pruned = await RunAsync(batchSize: 2);

        Assert.Equal([new AuditPruned(Chain, 2, 2), new AuditPruned(Chain, 4, 2), new AuditPruned(Chain, 5, 1)], pruned.Where(p => p.Chain == Chain));
        var rows = await RowsAsync();
        Assert.Equal([6, 7, 8, 9], rows.Select(r => r.Sequence));
        var anchors = rows.Where(r => r.Type == AuditEventType.AuditRetentionApplied)
            .Select(r => { using var d = JsonDocument.Parse(r.Details!); return (d.RootElement.GetProperty("throughSequence").GetInt64(), d.RootElement.GetProperty("anchorHash").GetString()); })
            .ToList();
        Assert.Equal([(2L, hashes[2]), (4L, hashes[4]), (5L, hashes[5])], anchors);
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task Retention_MoreBatchesThanOneRunTakes_LeavesTheRestForTheNextRun()
    {
        await RecordAsync(AuditRetention.BatchesPerRun + 3);
        factory.Time.Advance(TimeSpan.FromDays(731));

        var first = await RunAsync(batchSize: 1);
        var second = await RunAsync(batchSize: 1);

        Assert.Equal(AuditRetention.BatchesPerRun, first.Count);
        Assert.Equal(AuditRetention.BatchesPerRun + 3, first.Concat(second).Where(p => p.Chain == Chain).Sum(p => p.Removed));
        Assert.DoesNotContain(await RowsAsync(), r => r.Type != AuditEventType.AuditRetentionApplied);
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task Retention_RemovesOnlyEventsPastTheRetentionPeriod_AndTheChainStillVerifies()
    {
        await RecordAsync(5);
        var lastOld = (await RowsAsync())[^1];
        factory.Time.Advance(TimeSpan.FromDays(700));
        await RecordAsync(2);
        factory.Time.Advance(TimeSpan.FromDays(31));

        var pruned = await RunAsync();

        Assert.Equal([new AuditPruned(Chain, 5, 5)], pruned.Where(p => p.Chain == Chain));
        var rows = await RowsAsync();
        Assert.Equal([6, 7, 8], rows.Select(r => r.Sequence));
        Assert.Equal(AuditEventType.AuditRetentionApplied, rows[^1].Type);
        Assert.Null(rows[^1].ActorAccountId);
        using var details = JsonDocument.Parse(rows[^1].Details!);
        Assert.Equal(5, details.RootElement.GetProperty("throughSequence").GetInt64());
        Assert.Equal(lastOld.Hash, details.RootElement.GetProperty("anchorHash").GetString());
        Assert.Equal(5, details.RootElement.GetProperty("removed").GetInt32());
        Assert.Equal(730, details.RootElement.GetProperty("retentionDays").GetInt32());
        var anchor = await factory.WithDbAsync(db => db.AuditChainAnchors.AsNoTracking().SingleAsync(a => a.Chain == Chain, Ct));
        Assert.Equal((5, lastOld.Hash), (anchor.Sequence, anchor.Hash));
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task Retention_RunAgainAtOnce_RemovesNothingMore()
    {
        await RecordAsync(3);
        factory.Time.Advance(TimeSpan.FromDays(731));
        await RunAsync();
        var before = await RowsAsync();

        Assert.Empty(await RunAsync());

        Assert.Equal(before.Select(r => r.Id), (await RowsAsync()).Select(r => r.Id));
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task Retention_SecondPeriod_RemovesTheEarlierRetentionEventToo_AndMovesTheAnchor()
    {
        await RecordAsync(3);
        factory.Time.Advance(TimeSpan.FromDays(731));
        await RunAsync();
        await RecordAsync(1);
        factory.Time.Advance(TimeSpan.FromDays(731));

        await RunAsync();

        var rows = await RowsAsync();
        Assert.Equal([6], rows.Select(r => r.Sequence));
        Assert.Equal(AuditEventType.AuditRetentionApplied, rows[0].Type);
        Assert.Equal(5, (await factory.WithDbAsync(db => db.AuditChainAnchors.AsNoTracking().SingleAsync(a => a.Chain == Chain, Ct))).Sequence);
        Assert.Null(await VerifyAsync());
    }

    [Fact]
    public async Task Retention_AnchorMovedByHandToHideRows_VerifyReportsTheChain()
    {
        await RecordAsync(3);
        factory.Time.Advance(TimeSpan.FromDays(731));
        await RecordAsync(2);
        await RunAsync();
        var hidden = (await RowsAsync())[0];
        Assert.Equal(4, hidden.Sequence);

        // Note: an attacker removes the next row and moves the anchor over it, so the links still hold.
        await factory.WithDbAsync(async db =>
        {
            await db.AuditEvents.Where(e => e.Id == hidden.Id).ExecuteDeleteAsync(Ct);
            return await db.AuditChainAnchors.Where(a => a.Chain == Chain)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.Sequence, hidden.Sequence).SetProperty(x => x.Hash, hidden.Hash), Ct);
        });

        var problem = await VerifyAsync();

        Assert.NotNull(problem);
        Assert.Equal(Chain, problem.Chain);
        Assert.Contains("no retention event names", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_RowsRemovedFromTheStartWithoutRetention_VerifyReportsThem()
    {
        await RecordAsync(3);
        await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Chain == Chain && e.Sequence == 1).ExecuteDeleteAsync(Ct));

        var problem = await VerifyAsync();

        Assert.NotNull(problem);
        Assert.Equal(2, problem.Sequence);
    }

    [Fact]
    public async Task Retention_TurnedOff_KeepsEveryEvent()
    {
        await RecordAsync(3);
        factory.Time.Advance(TimeSpan.FromDays(5000));

        Assert.Empty(await RunAsync(retentionDays: 0));

        Assert.Equal([1, 2, 3], (await RowsAsync()).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Worker_TwoInstances_OnlyTheLeaseHolderRuns()
    {
        await RecordAsync(2);
        factory.Time.Advance(TimeSpan.FromDays(731));
        var first = ActivatorUtilities.CreateInstance<AuditRetentionWorker>(factory.Services);
        var second = ActivatorUtilities.CreateInstance<AuditRetentionWorker>(factory.Services);

        Assert.True(await first.TickAsync(Ct));
        Assert.False(await second.TickAsync(Ct));

        Assert.Equal([3], (await RowsAsync()).Select(r => r.Sequence));
    }
}
