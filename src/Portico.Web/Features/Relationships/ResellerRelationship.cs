using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// A reseller/customer relationship (SPEC §7): a provider (<c>IndirectProvider</c> or <c>Direct</c>) invited another
/// organization by Partner ID; that organization's Global admin accepts or declines. The provider may withdraw a
/// pending invitation; either side's Global admin may end an active relationship.
/// </summary>
public sealed class ResellerRelationship
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderOrganizationId { get; set; }

    public Guid ResellerOrganizationId { get; set; }

    public ResellerRelationshipStatus Status { get; set; }

    public Guid? InvitedByAccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid? DecidedByAccountId { get; set; }

    /// <summary>When the invitation was accepted or declined.</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>When the relationship was ended, or the invitation withdrawn.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Who ended it; kept without a foreign key (as on delegated-admin relationships), so the column is added in place.</summary>
    public Guid? EndedByAccountId { get; set; }

    /// <summary>The side that ended it (provider or reseller).</summary>
    public Guid? EndedByOrganizationId { get; set; }

    /// <summary>Changes on every transition, so two admins deciding or ending at once cannot both succeed.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

public enum ResellerRelationshipStatus
{
    Pending = 0,
    Active = 1,
    Declined = 2,

    /// <summary>An active relationship that either side ended; a new invitation starts a new relationship.</summary>
    Ended = 3,

    /// <summary>A pending invitation the provider took back before it was answered.</summary>
    Withdrawn = 4,
}

internal sealed class ResellerRelationshipConfiguration : IEntityTypeConfiguration<ResellerRelationship>
{
    public void Configure(EntityTypeBuilder<ResellerRelationship> builder)
    {
        builder.ToTable("ResellerRelationships");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CreatedAt).HasConversion(UtcConverters.DateTimeOffset);
        builder.Property(r => r.DecidedAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.Property(r => r.EndedAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => new { r.ProviderOrganizationId, r.ResellerOrganizationId, r.Status });
        builder.HasIndex(r => new { r.ResellerOrganizationId, r.Status });
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.ProviderOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.ResellerOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.InvitedByAccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.DecidedByAccountId).OnDelete(DeleteBehavior.SetNull);
    }
}
