using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// A reseller/customer relationship (SPEC §7): a provider (<c>IndirectProvider</c> or <c>Direct</c>) invited another
/// organization by Partner ID; that organization's Global admin accepts or declines.
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
}

public enum ResellerRelationshipStatus
{
    Pending = 0,
    Active = 1,
    Declined = 2,
}

internal sealed class ResellerRelationshipConfiguration : IEntityTypeConfiguration<ResellerRelationship>
{
    public void Configure(EntityTypeBuilder<ResellerRelationship> builder)
    {
        builder.ToTable("ResellerRelationships");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.CreatedAt).HasConversion(UtcConverters.DateTimeOffset);
        builder.Property(r => r.DecidedAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.HasIndex(r => new { r.ProviderOrganizationId, r.ResellerOrganizationId, r.Status });
        builder.HasIndex(r => new { r.ResellerOrganizationId, r.Status });
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.ProviderOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.ResellerOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.InvitedByAccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.DecidedByAccountId).OnDelete(DeleteBehavior.SetNull);
    }
}
