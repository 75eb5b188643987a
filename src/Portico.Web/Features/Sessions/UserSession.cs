using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Sessions;

/// <summary>
/// A server-side session behind a browser cookie or an API bearer token. Only the SHA-256 of the token is stored.
/// </summary>
/// <remarks>
/// Every request re-reads the session and the account, so ending a session, changing a password, removing a
/// role or blocking an account takes effect on the next request, on every node that shares the database.
/// </remarks>
public sealed class UserSession
{
    public const int UserAgentMaxLength = 256;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AccountId { get; set; }

    /// <summary>Lowercase hex SHA-256 of the opaque token handed to the client.</summary>
    public string TokenHash { get; set; } = "";

    public SessionClient Client { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime LastSeenUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }

    public DateTime? EndedUtc { get; set; }

    public SessionEndReason? EndReason { get; set; }

    /// <summary>True once a second factor was presented in this session.</summary>
    public bool MfaCompleted { get; set; }

    /// <summary>True while the session still has to present a second factor before it is usable.</summary>
    public bool MfaPending { get; set; }

    /// <summary>When the password or a second factor was last presented in this session (recent re-authentication).</summary>
    public DateTime? ReauthenticatedUtc { get; set; }

    public string? UserAgent { get; set; }

    public string? IpAddress { get; set; }
}

public enum SessionClient
{
    Web = 0,
    Api = 1,
}

public enum SessionEndReason
{
    SignedOut = 0,
    EndedByUser = 1,
    PasswordChanged = 2,
    PasswordReset = 3,
    AccountBlocked = 4,
    AccountDeleted = 5,
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("Sessions");
        builder.Property(s => s.TokenHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.HasIndex(s => new { s.AccountId, s.EndedUtc });
        builder.Property(s => s.Client).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(32);
        builder.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentMaxLength);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
