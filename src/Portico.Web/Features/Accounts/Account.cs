using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Accounts;

/// <summary>
/// A sign-in identity: a work account (belongs to exactly one organization) or a personal account (none).
/// </summary>
/// <remarks>
/// Accounts are keyed by (kind, organization, id), never by email alone: the same email may exist once as a
/// work account and once as a personal account. Identity's unique user-name index is therefore replaced
/// (see <see cref="AccountConfiguration"/>): <see cref="IdentityUser{TKey}.UserName"/> holds an internal handle.
/// </remarks>
public sealed class Account : IdentityUser<Guid>
{
    public const int EmailMaxLength = 254;
    public const int DisplayNameMaxLength = 200;
    public const int PasswordMaxLength = 256;
    public const int SearchKeyMaxLength = 720;

    public Account()
    {
        Id = Guid.CreateVersion7();
        UserName = "acct-" + Id.ToString("N");
        NormalizedUserName = UserName.ToUpperInvariant();
    }

    public AccountKind Kind { get; set; }

    public Guid? OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Optional reading (furigana) of the display name, used by search.</summary>
    public string? NameReading { get; set; }

    /// <summary>Folded name, reading and email for search (<see cref="Users.SearchKey"/>); maintained on save.</summary>
    public string SearchKey { get; set; } = "";

    /// <summary>en-US or ja-JP; null follows the browser.</summary>
    public string? PreferredCulture { get; set; }

    /// <summary>Set for temporary passwords: the account must change it before doing anything else.</summary>
    public bool MustChangePassword { get; set; }

    public bool IsBlocked { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? PasswordChangedUtc { get; set; }

    public DateTime? LastSignInUtc { get; set; }

    /// <summary>Failures counted toward the next lockout (smart lockout; see <see cref="Sessions.LockoutPolicy"/>).</summary>
    public int FailedSignInCount { get; set; }

    /// <summary>How many lockouts happened since the last successful sign-in; doubles the next duration.</summary>
    public int LockoutCount { get; set; }

    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>Keyed fingerprints (HMAC) of recent wrong passwords, so a repeated one is not counted again.</summary>
    public string? RecentFailureFingerprints { get; set; }

    /// <summary>
    /// Random value bound into the one password-recovery link that is currently valid; null when none is. A newer
    /// link, a successful sign-in or any password change replaces or clears it, voiding older links.
    /// </summary>
    public string? PasswordRecoveryStamp { get; set; }

    public List<RoleAssignment> RoleAssignments { get; set; } = [];
}

public enum AccountKind
{
    Work = 0,
    Personal = 1,

    /// <summary>Vendor (operator) staff: no partner organization; holds operator roles.</summary>
    Staff = 2,
}

/// <summary>A role held by a work account in its organization, org-wide or scoped to one location.</summary>
public sealed class RoleAssignment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    public Guid OrganizationId { get; set; }

    public string Role { get; set; } = "";

    /// <summary>Null for an org-wide assignment.</summary>
    public Guid? LocationId { get; set; }

    public DateTime AssignedUtc { get; set; }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>, IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Email).HasMaxLength(Account.EmailMaxLength);
        builder.Property(a => a.NormalizedEmail).HasMaxLength(Account.EmailMaxLength);
        builder.Property(a => a.DisplayName).HasMaxLength(Account.DisplayNameMaxLength);
        builder.Property(a => a.NameReading).HasMaxLength(Account.DisplayNameMaxLength);
        builder.Property(a => a.PreferredCulture).HasMaxLength(16);
        builder.Property(a => a.RecentFailureFingerprints).HasMaxLength(1024);
        builder.Property(a => a.PasswordRecoveryStamp).HasMaxLength(64);
        builder.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // Note: an email is unique per account kind (one work account, one personal account), not globally.
        builder.HasIndex(a => new { a.Kind, a.NormalizedEmail }).IsUnique();
        builder.Property(a => a.SearchKey).HasMaxLength(Account.SearchKeyMaxLength);
        builder.HasIndex(a => new { a.OrganizationId, a.DisplayName, a.NormalizedEmail });
        builder.HasMany(a => a.RoleAssignments).WithOne().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.ToTable("RoleAssignments");
        builder.Property(r => r.Role).HasMaxLength(64);
        builder.HasIndex(r => new { r.AccountId, r.Role, r.LocationId }).IsUnique();
        builder.HasIndex(r => new { r.OrganizationId, r.Role });
    }
}
