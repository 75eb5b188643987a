using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Support;

/// <summary>Support request categories (the ids are what forms, links and the API use).</summary>
public static class SupportCategories
{
    public const string SignIn = "sign-in";
    public const string Password = "password";
    public const string Access = "access";
    public const string Verification = "verification";
    public const string Billing = "billing";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [SignIn, Password, Access, Verification, Billing, Other];

    public static bool IsCategory(string? value) => value is not null && All.Contains(value, StringComparer.Ordinal);
}

/// <summary>A support ticket (SPEC §9): opened signed out or signed in, answered by SupportAgents.</summary>
/// <remarks>
/// A signed-out request is never linked to an account, even when the contact email has one: the address is not
/// proven, and linking would make the public path depend on whether an account exists (ADR-0014).
/// </remarks>
public sealed class SupportRequest
{
    public const int DescriptionMaxLength = 4000;
    public const int NumberMaxLength = 16;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Human-friendly ticket number, e.g. <c>PRT-48151623</c>; unique, random (it reveals no volume).</summary>
    public string Number { get; set; } = "";

    public string Category { get; set; } = SupportCategories.Other;

    public SupportRequestStatus Status { get; set; }

    public string ContactEmail { get; set; } = "";

    /// <summary>Upper-cased contact email, for the per-email limit and lookups on both providers.</summary>
    public string NormalizedContactEmail { get; set; } = "";

    /// <summary>The requester's language (en-US or ja-JP) for every email about this ticket.</summary>
    public string Culture { get; set; } = "en-US";

    /// <summary>The account that opened it while signed in; null for signed-out requests.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>The organization of <see cref="AccountId"/> (work accounts); its Global admins see the ticket.</summary>
    public Guid? OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public List<SupportMessage> Messages { get; set; } = [];
}

public enum SupportRequestStatus
{
    New = 0,
    Open = 1,
    WaitingOnCustomer = 2,
    Resolved = 3,
    Closed = 4,
}

public enum SupportMessageAuthor
{
    Requester = 0,
    Staff = 1,
}

/// <summary>One message of a ticket's thread; the first is the requester's description.</summary>
public sealed class SupportMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SupportRequestId { get; set; }

    public SupportMessageAuthor Author { get; set; }

    /// <summary>The signed-in author (requester or staff); null for a requester writing through the private link.</summary>
    public Guid? AuthorAccountId { get; set; }

    /// <summary>Shown with the message: the staff member's name, or null for the requester.</summary>
    public string? AuthorName { get; set; }

    public string Body { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

/// <summary>
/// A private link to a ticket, mailed to the contact email: the token itself is never stored, only its SHA-256.
/// Each email carries a fresh link, so older emails keep working until their own expiry.
/// </summary>
public sealed class SupportRequestLink
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid SupportRequestId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime ExpiresUtc { get; set; }
}

internal sealed class SupportRequestConfiguration
    : IEntityTypeConfiguration<SupportRequest>, IEntityTypeConfiguration<SupportMessage>, IEntityTypeConfiguration<SupportRequestLink>
{
    public void Configure(EntityTypeBuilder<SupportRequest> builder)
    {
        builder.ToTable("SupportRequests");
        builder.Property(r => r.Number).HasMaxLength(SupportRequest.NumberMaxLength);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.Property(r => r.Category).HasMaxLength(32);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.ContactEmail).HasMaxLength(Account.EmailMaxLength);
        builder.Property(r => r.NormalizedContactEmail).HasMaxLength(Account.EmailMaxLength);
        builder.Property(r => r.Culture).HasMaxLength(16);
        builder.HasIndex(r => new { r.NormalizedContactEmail, r.CreatedUtc });
        builder.HasIndex(r => new { r.Status, r.UpdatedUtc });
        builder.HasIndex(r => new { r.AccountId, r.CreatedUtc });
        builder.HasIndex(r => new { r.OrganizationId, r.CreatedUtc });
        builder.HasOne<Account>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(r => r.Organization).WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Messages).WithOne().HasForeignKey(m => m.SupportRequestId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SupportMessage> builder)
    {
        builder.ToTable("SupportMessages");
        builder.Property(m => m.Author).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.AuthorName).HasMaxLength(Account.DisplayNameMaxLength);
        builder.Property(m => m.Body).HasMaxLength(SupportRequest.DescriptionMaxLength);
        builder.HasIndex(m => new { m.SupportRequestId, m.CreatedUtc });
    }

    public void Configure(EntityTypeBuilder<SupportRequestLink> builder)
    {
        builder.ToTable("SupportRequestLinks");
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
        builder.HasIndex(l => l.SupportRequestId);
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(l => l.SupportRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
