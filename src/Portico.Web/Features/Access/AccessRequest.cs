using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Features.Access;

/// <summary>A member's request for a role (or for whatever role opens a capability), decided by a grantor.</summary>
public sealed class AccessRequest
{
    public const int ReasonMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Guid RequesterId { get; set; }

    /// <summary>The role asked for, or null when the request names a capability.</summary>
    public string? Role { get; set; }

    public string? Capability { get; set; }

    public string Reason { get; set; } = "";

    public AccessRequestStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    public Guid? DecidedById { get; set; }

    public DateTime? DecidedUtc { get; set; }

    /// <summary>The role actually granted on approval.</summary>
    public string? GrantedRole { get; set; }
}

public enum AccessRequestStatus
{
    Pending = 0,
    Approved = 1,
    Denied = 2,
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.ToTable("AccessRequests");
        builder.Property(r => r.Role).HasMaxLength(64);
        builder.Property(r => r.Capability).HasMaxLength(64);
        builder.Property(r => r.GrantedRole).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(AccessRequest.ReasonMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.OrganizationId, r.Status, r.CreatedUtc });
        builder.HasIndex(r => new { r.RequesterId, r.Status });
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.RequesterId).OnDelete(DeleteBehavior.Cascade);
    }
}
