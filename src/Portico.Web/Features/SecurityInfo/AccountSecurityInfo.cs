using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>
/// An account's registered security info besides its password: authenticator app, verified alternate email and
/// mobile phone, and the one code verification in progress. One row per account, created on first registration.
/// Recovery codes live in Identity's token store; passkeys in Identity's passkey table.
/// </summary>
public sealed class AccountSecurityInfo
{
    public const int AuthenticatorKeyLength = 32;
    public const int PhoneMaxLength = 20;

    public Guid AccountId { get; set; }

    /// <summary>Base32 TOTP secret of the confirmed authenticator app; null when none is registered.</summary>
    public string? AuthenticatorKey { get; set; }

    public DateTime? AuthenticatorAddedUtc { get; set; }

    /// <summary>The RFC 6238 time step of the last accepted code; a code of this step or earlier is refused (no replay).</summary>
    public long AuthenticatorLastTimeStep { get; set; }

    /// <summary>A secret handed out by "add authenticator" and not yet confirmed with a code.</summary>
    public string? PendingAuthenticatorKey { get; set; }

    public DateTime? PendingAuthenticatorCreatedUtc { get; set; }

    public string? AlternateEmail { get; set; }

    public DateTime? AlternateEmailVerifiedUtc { get; set; }

    /// <summary>E.164 mobile phone number.</summary>
    public string? Phone { get; set; }

    public DateTime? PhoneVerifiedUtc { get; set; }

    /// <summary>What the pending code verifies: <c>email</c> or <c>phone</c>.</summary>
    public string? PendingKind { get; set; }

    public string? PendingTarget { get; set; }

    /// <summary>Keyed hash of the pending 6-digit code (never the code).</summary>
    public string? PendingCodeHash { get; set; }

    public DateTime? PendingCodeExpiresUtc { get; set; }

    public int PendingCodeAttempts { get; set; }

    /// <summary>Start of the current window of the per-account limit on recovery emails.</summary>
    public DateTime? RecoveryMailWindowStartUtc { get; set; }

    /// <summary>Recovery emails sent in the current window.</summary>
    public int RecoveryMailCount { get; set; }
}

internal sealed class AccountSecurityInfoConfiguration : IEntityTypeConfiguration<AccountSecurityInfo>
{
    public void Configure(EntityTypeBuilder<AccountSecurityInfo> builder)
    {
        builder.ToTable("SecurityInfo");
        builder.HasKey(s => s.AccountId);
        builder.Property(s => s.AuthenticatorKey).HasMaxLength(AccountSecurityInfo.AuthenticatorKeyLength);
        builder.Property(s => s.PendingAuthenticatorKey).HasMaxLength(AccountSecurityInfo.AuthenticatorKeyLength);
        builder.Property(s => s.AlternateEmail).HasMaxLength(Account.EmailMaxLength);
        builder.Property(s => s.Phone).HasMaxLength(AccountSecurityInfo.PhoneMaxLength);
        builder.Property(s => s.PendingKind).HasMaxLength(16);
        builder.Property(s => s.PendingTarget).HasMaxLength(Account.EmailMaxLength);
        builder.Property(s => s.PendingCodeHash).HasMaxLength(64);
        builder.HasOne<Account>().WithOne().HasForeignKey<AccountSecurityInfo>(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
