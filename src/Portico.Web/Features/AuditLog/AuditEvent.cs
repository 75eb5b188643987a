using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.AuditLog;

/// <summary>
/// One append-only, hash-chained audit record. Each organization has its own chain; events that belong to no
/// organization (unknown emails, personal accounts, operator staff) form the platform chain.
/// </summary>
/// <remarks>
/// Rows are written by an explicit <see cref="AuditTrail.Record"/> call in the same transaction as the change they
/// describe. <see cref="Hash"/> covers every field and the previous row's hash, so altering, removing or reordering
/// a row breaks the chain; <see cref="AuditChainHead"/> also catches removal of the newest rows.
/// <see cref="Details"/> never holds passwords, tokens or codes.
/// </remarks>
public sealed class AuditEvent
{
    public const string PlatformChain = "platform";
    public const int DetailsMaxLength = 4000;

    public long Id { get; set; }

    /// <summary>The organization id ("N" format) or <see cref="PlatformChain"/>.</summary>
    public string Chain { get; set; } = PlatformChain;

    /// <summary>1-based position in the chain, without gaps.</summary>
    public long Sequence { get; set; }

    public DateTime OccurredUtc { get; set; }

    public AuditEventType Type { get; set; }

    public Guid? ActorAccountId { get; set; }

    /// <summary>Set when the actor's access came through a delegated-admin relationship of this organization.</summary>
    public Guid? ActingViaOrganizationId { get; set; }

    public Guid? TargetOrganizationId { get; set; }

    public Guid? TargetAccountId { get; set; }

    public string? IpAddress { get; set; }

    /// <summary>Small JSON object; never secrets.</summary>
    public string? Details { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>The newest position of each chain, updated in the same transaction as the rows it covers.</summary>
public sealed class AuditChainHead
{
    public string Chain { get; set; } = "";

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>, IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.Property(e => e.Chain).HasMaxLength(32);
        builder.HasIndex(e => new { e.Chain, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.TargetOrganizationId, e.Id });
        builder.Property(e => e.Type).HasConversion<string>().HasMaxLength(64);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.Details).HasMaxLength(AuditEvent.DetailsMaxLength);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.ToTable("AuditChainHeads");
        builder.HasKey(h => h.Chain);
        builder.Property(h => h.Chain).HasMaxLength(32);
        builder.Property(h => h.Hash).HasMaxLength(64);
    }
}
