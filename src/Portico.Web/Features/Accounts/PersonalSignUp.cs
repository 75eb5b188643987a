using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Accounts;

/// <summary>
/// A personal-account sign-up waiting for its emailed 6-digit code. The account is created only when the code
/// is confirmed, so an unverified address never holds an account.
/// </summary>
public sealed class PersonalSignUp
{
    public const int MaxCodeAttempts = 5;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Email { get; set; } = "";

    public string NormalizedEmail { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>Argon2id hash of the chosen password (never the password).</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>HMAC of the code; the code itself is only in the email.</summary>
    public string CodeHash { get; set; } = "";

    public int Attempts { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public string? PreferredCulture { get; set; }
}

internal sealed class PersonalSignUpConfiguration : IEntityTypeConfiguration<PersonalSignUp>
{
    public void Configure(EntityTypeBuilder<PersonalSignUp> builder)
    {
        builder.ToTable("PersonalSignUps");
        builder.Property(s => s.Email).HasMaxLength(Account.EmailMaxLength);
        builder.Property(s => s.NormalizedEmail).HasMaxLength(Account.EmailMaxLength);
        builder.Property(s => s.DisplayName).HasMaxLength(Account.DisplayNameMaxLength);
        builder.Property(s => s.PasswordHash).HasMaxLength(256);
        builder.Property(s => s.CodeHash).HasMaxLength(64);
        builder.Property(s => s.PreferredCulture).HasMaxLength(16);
        builder.HasIndex(s => s.NormalizedEmail);
    }
}
