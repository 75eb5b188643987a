using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Web.Features.AuditLog;

/// <summary>Audit retention (<c>Portico:Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Events older than this many days are removed (SPEC §11 "audit retention"); 0 keeps every event.</summary>
    public int RetentionDays { get; set; } = 730;

    /// <summary>
    /// Events removed per transaction. Note: on SQLite the removal holds the only write lock, so a first run over years
    /// of events removes them in short transactions (each with its own retention event) instead of one long one that
    /// would make sign-ins wait.
    /// </summary>
    public int RetentionBatchSize { get; set; } = 10_000;
}

/// <summary>Settings of the audit retention worker (<c>Portico:Audit:Worker</c>): hourly by default.</summary>
public sealed class AuditRetentionWorkerOptions : LeasedWorkerOptions
{
    public AuditRetentionWorkerOptions() => Interval = TimeSpan.FromHours(1);
}

/// <summary>
/// Where a chain starts after retention removed its oldest rows: the sequence and hash of the last removed row, from
/// which <see cref="AuditVerifier"/> checks the rows that remain.
/// </summary>
public sealed class AuditChainAnchor
{
    public string Chain { get; set; } = "";

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }
}

internal sealed class AuditChainAnchorConfiguration : IEntityTypeConfiguration<AuditChainAnchor>
{
    public void Configure(EntityTypeBuilder<AuditChainAnchor> builder)
    {
        builder.ToTable("AuditChainAnchors");
        builder.HasKey(a => a.Chain);
        builder.Property(a => a.Chain).HasMaxLength(32);
        builder.Property(a => a.Hash).HasMaxLength(64);
    }
}

/// <summary>What one retention transaction removed from one chain.</summary>
public sealed record AuditPruned(string Chain, long ThroughSequence, int Removed);

/// <summary>
/// Removes audit events past the retention period, oldest first, without breaking any chain's verification.
/// </summary>
/// <remarks>
/// A chain loses only a prefix: every row up to the newest one older than the cutoff. In one transaction per batch of
/// rows the rows go, the chain's <see cref="AuditChainAnchor"/> moves to the last removed row, and an
/// <see cref="AuditEventType.AuditRetentionApplied"/> event appended to the same chain names that anchor (sequence and
/// hash), so moving the anchor by hand to hide removed rows shows up in <c>audit verify</c> as an anchor no retention
/// event accounts for.
/// </remarks>
public sealed class AuditRetention(AppDbContext db, AuditTrail audit, TimeProvider time, IOptions<AuditOptions> options)
{
    /// <summary>Transactions (batches of <see cref="AuditOptions.RetentionBatchSize"/> events) per run; the rest wait for the next run.</summary>
    public const int BatchesPerRun = 200;

    public async Task<IReadOnlyList<AuditPruned>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var days = options.Value.RetentionDays;
        if (days <= 0)
        {
            return [];
        }

        var now = time.GetUtcNow().UtcDateTime;
        var cutoff = now.AddDays(-days);

        // Note: events have no time index (it would cost every audited write a page); each chain's oldest row is one
        // lookup on its (chain, sequence) index, and only chains whose oldest row has expired are read further.
        var batch = Math.Max(1, options.Value.RetentionBatchSize);
        var chains = await db.AuditChainHeads.AsNoTracking().Select(h => h.Chain).OrderBy(c => c).ToListAsync(cancellationToken);
        var pruned = new List<AuditPruned>();
        foreach (var chain in chains)
        {
            var oldest = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Chain == chain)
                .OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.OccurredUtc })
                .FirstOrDefaultAsync(cancellationToken);
            if (oldest is null || oldest.OccurredUtc >= cutoff)
            {
                continue;
            }

            // Note: a retention event alone never makes a chain due; it goes with the next prefix that expires.
            var through = await db.AuditEvents.AsNoTracking()
                .Where(e => e.Chain == chain && e.OccurredUtc < cutoff && e.Type != AuditEventType.AuditRetentionApplied)
                .MaxAsync(e => (long?)e.Sequence, cancellationToken);
            if (through is not { } last)
            {
                continue;
            }

            // Note: a chain's sequences have no gaps, so each batch ends on a row that exists; every row before the last
            // expired one is older than it, so the batches remove exactly the expired prefix.
            for (var first = oldest.Sequence; first <= last; first += batch)
            {
                if (pruned.Count == BatchesPerRun)
                {
                    return pruned;
                }

                pruned.Add(await PruneAsync(chain, Math.Min(last, first + batch - 1), cutoff, days, now, cancellationToken));
            }
        }

        return pruned;
    }

    private async Task<AuditPruned> PruneAsync(string chain, long through, DateTime cutoff, int days, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var last = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Chain == chain && e.Sequence == through)
            .Select(e => e.Hash)
            .SingleAsync(cancellationToken);
        var removed = await db.AuditEvents.Where(e => e.Chain == chain && e.Sequence <= through).ExecuteDeleteAsync(cancellationToken);

        var anchor = await db.AuditChainAnchors.SingleOrDefaultAsync(a => a.Chain == chain, cancellationToken);
        if (anchor is null)
        {
            anchor = new AuditChainAnchor { Chain = chain };
            db.AuditChainAnchors.Add(anchor);
        }

        anchor.Sequence = through;
        anchor.Hash = last;
        anchor.UpdatedUtc = now;
        audit.Record(
            AuditEventType.AuditRetentionApplied,
            chain == AuditEvent.PlatformChain ? null : Guid.ParseExact(chain, "N"),
            details: new { throughSequence = through, anchorHash = last, removed, retentionDays = days, cutoffUtc = cutoff.ToString("O", CultureInfo.InvariantCulture) },
            actorAccountId: null,
            ipAddress: null,
            skipDelegation: true);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return new AuditPruned(chain, through, removed);
    }
}

/// <summary>Runs <see cref="AuditRetention"/> once across the cluster, hourly by default.</summary>
public sealed class AuditRetentionWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<AuditRetentionWorkerOptions> options, ILogger<AuditRetentionWorker> logger)
    : LeasedWorker(scopes, time, options.Value, logger)
{
    public const string Lease = "audit-retention";

    protected override string LeaseName => Lease;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<AuditRetention>().RunOnceAsync(cancellationToken);
}
