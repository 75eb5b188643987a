using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// A time-boxed delegated-admin relationship (SPEC §7, modelled on GDAP): the provider asks for relationship roles in
/// the customer organization for a number of days; the customer's Global admin approves; the provider then assigns
/// those roles to its own Admin agents and Helpdesk agents (<see cref="DelegatedAdminAssignment"/>).
/// </summary>
/// <remarks>
/// Lifecycle: <c>ApprovalPending</c> (expires after <see cref="RequestLifetimeDays"/>) → <c>Active</c> →
/// <c>Expired</c> | <c>Terminated</c>; <c>Declined</c> ends a request. Ended relationships are never reactivated.
/// </remarks>
public sealed class DelegatedAdminRelationship
{
    public const int DisplayNameMaxLength = 100;
    public const int MinDurationDays = 1;
    public const int MaxDurationDays = 730;
    public const int AutoExtendDays = 180;
    public const int RequestLifetimeDays = 90;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ProviderOrganizationId { get; set; }

    public Guid CustomerOrganizationId { get; set; }

    public string DisplayName { get; set; } = "";

    public DelegatedAdminRelationshipStatus Status { get; set; }

    /// <summary>Delegable role ids (<see cref="Authorization.DelegableRoles"/>).</summary>
    public List<string> Roles { get; set; } = [];

    public int DurationDays { get; set; }

    public bool AutoExtend { get; set; }

    public Guid? RequestedByAccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When an unapproved request lapses (<see cref="CreatedAt"/> + 90 days).</summary>
    public DateTimeOffset RequestExpiresAt { get; set; }

    public Guid? ApprovedByAccountId { get; set; }

    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>When an active relationship expires (moved by auto-extend).</summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>When it was declined, terminated or expired.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public Guid? EndedByAccountId { get; set; }

    /// <summary>The organization whose member declined or terminated it (null when it expired).</summary>
    public Guid? EndedByOrganizationId { get; set; }

    /// <summary>Expiry reminders already sent for the current <see cref="EndsAt"/>.</summary>
    public ExpiryReminders RemindersSent { get; set; }

    public int ExtensionCount { get; set; }

    /// <summary>Optimistic concurrency token: two writers (a person and the background worker) never both win.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<DelegatedAdminAssignment> Assignments { get; set; } = [];
}

public enum DelegatedAdminRelationshipStatus
{
    ApprovalPending = 0,
    Active = 1,
    Expired = 2,
    Terminated = 3,
    Declined = 4,
}

/// <summary>Reminders sent before expiry (SPEC §7: 30, 7 and 1 days before).</summary>
[Flags]
public enum ExpiryReminders
{
    None = 0,
    Days30 = 1,
    Days7 = 2,
    Days1 = 4,
}

/// <summary>Relationship roles the provider gave one of its own agents (Admin agent or Helpdesk agent).</summary>
public sealed class DelegatedAdminAssignment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid RelationshipId { get; set; }

    /// <summary>The provider's work account.</summary>
    public Guid AccountId { get; set; }

    /// <summary>A subset of the relationship's roles.</summary>
    public List<string> Roles { get; set; } = [];

    public DateTimeOffset AssignedAt { get; set; }

    public Guid? AssignedByAccountId { get; set; }
}

internal sealed class DelegatedAdminRelationshipConfiguration :
    IEntityTypeConfiguration<DelegatedAdminRelationship>, IEntityTypeConfiguration<DelegatedAdminAssignment>
{
    public void Configure(EntityTypeBuilder<DelegatedAdminRelationship> builder)
    {
        builder.ToTable("DelegatedAdminRelationships");
        builder.Property(r => r.DisplayName).HasMaxLength(DelegatedAdminRelationship.DisplayNameMaxLength);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.RemindersSent).HasConversion<int>();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Property(r => r.CreatedAt).HasConversion(UtcConverters.DateTimeOffset);
        builder.Property(r => r.RequestExpiresAt).HasConversion(UtcConverters.DateTimeOffset);
        builder.Property(r => r.ActivatedAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.Property(r => r.EndsAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.Property(r => r.EndedAt).HasConversion(UtcConverters.NullableDateTimeOffset);
        builder.HasIndex(r => new { r.ProviderOrganizationId, r.Status });
        builder.HasIndex(r => new { r.CustomerOrganizationId, r.Status });
        builder.HasIndex(r => new { r.Status, r.EndsAt });
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.ProviderOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.CustomerOrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Assignments).WithOne().HasForeignKey(a => a.RelationshipId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<DelegatedAdminAssignment> builder)
    {
        builder.ToTable("DelegatedAdminAssignments");
        builder.Property(a => a.AssignedAt).HasConversion(UtcConverters.DateTimeOffset);
        builder.HasIndex(a => new { a.RelationshipId, a.AccountId }).IsUnique();
        builder.HasIndex(a => a.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(a => a.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
