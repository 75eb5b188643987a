using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Verification;

/// <summary>
/// One of the three checks that make an organization verified (SPEC §8): email ownership, employment/domain and
/// business. A missing row means the check was never started (or, for an organization verified before checks were
/// recorded, that it was accepted; see <see cref="VerificationService"/>).
/// </summary>
public sealed class VerificationCheck
{
    public const int ReasonMessageMaxLength = 2000;
    public const int CommentMaxLength = 2000;
    public const int LegalNameMaxLength = 200;
    public const int AddressLineMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 20;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public VerificationCheckKind Kind { get; set; }

    public VerificationCheckStatus Status { get; set; }

    /// <summary>The reason code (<see cref="VerificationReasons"/>) of the last ActionRequired or Rejected decision.</summary>
    public string? ReasonCode { get; set; }

    /// <summary>The VerificationAgent's message to the partner with the last decision.</summary>
    public string? Message { get; set; }

    /// <summary>The partner's comment with the last submission.</summary>
    public string? Comment { get; set; }

    /// <summary>When the check last entered Pending: the verification queue is served oldest first.</summary>
    public DateTime? SubmittedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? DecidedUtc { get; set; }

    public Guid? DecidedById { get; set; }

    /// <summary>Email ownership: the primary contact's work address the link went to.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>Email ownership: SHA-256 of the single-use link's token (the token itself is only in the email).</summary>
    public string? EmailTokenHash { get; set; }

    public DateTime? EmailTokenExpiresUtc { get; set; }

    /// <summary>Employment/domain: the DNS domain to hold the TXT record.</summary>
    public string? Domain { get; set; }

    /// <summary>Employment/domain: the random value of the TXT record (public by nature: it is published in DNS).</summary>
    public string? DnsToken { get; set; }

    public string? LegalName { get; set; }

    public string? AddressLine1 { get; set; }

    public string? AddressLine2 { get; set; }

    public string? City { get; set; }

    public string? PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }

    /// <summary>Changes on every write, so two agents deciding at once cannot both succeed.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>The checks, by the id the API uses (<c>email</c>, <c>domain</c>, <c>business</c>).</summary>
public enum VerificationCheckKind
{
    Email = 0,
    Domain = 1,
    Business = 2,
}

public enum VerificationCheckStatus
{
    NotStarted = 0,
    Pending = 1,
    ActionRequired = 2,
    Accepted = 3,
    Rejected = 4,
}

/// <summary>A document uploaded for a check (PDF, PNG or JPEG), kept in the database, never under wwwroot.</summary>
public sealed class VerificationDocument
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int FileNameMaxLength = 120;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public VerificationCheckKind Check { get; set; }

    /// <summary>Sanitised display name (<see cref="DocumentFiles.SafeFileName"/>); never used as a path.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type found by content sniffing, not the one the client claimed.</summary>
    public string ContentType { get; set; } = "";

    public long Length { get; set; }

    public string Sha256 { get; set; } = "";

    public byte[] Content { get; set; } = [];

    public string? Comment { get; set; }

    public Guid UploadedById { get; set; }

    public DateTime UploadedUtc { get; set; }
}

internal sealed class VerificationConfiguration :
    IEntityTypeConfiguration<VerificationCheck>,
    IEntityTypeConfiguration<VerificationDocument>
{
    public void Configure(EntityTypeBuilder<VerificationCheck> builder)
    {
        builder.ToTable("VerificationChecks");
        builder.HasIndex(c => new { c.OrganizationId, c.Kind }).IsUnique();
        builder.HasIndex(c => new { c.Status, c.SubmittedUtc });
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ReasonCode).HasMaxLength(64);
        builder.Property(c => c.Message).HasMaxLength(VerificationCheck.ReasonMessageMaxLength);
        builder.Property(c => c.Comment).HasMaxLength(VerificationCheck.CommentMaxLength);
        builder.Property(c => c.ContactEmail).HasMaxLength(Accounts.Account.EmailMaxLength);
        builder.Property(c => c.EmailTokenHash).HasMaxLength(64);
        builder.Property(c => c.Domain).HasMaxLength(Organizations.OrganizationDomain.DomainMaxLength);
        builder.Property(c => c.DnsToken).HasMaxLength(64);
        builder.Property(c => c.LegalName).HasMaxLength(VerificationCheck.LegalNameMaxLength);
        builder.Property(c => c.AddressLine1).HasMaxLength(VerificationCheck.AddressLineMaxLength);
        builder.Property(c => c.AddressLine2).HasMaxLength(VerificationCheck.AddressLineMaxLength);
        builder.Property(c => c.City).HasMaxLength(VerificationCheck.CityMaxLength);
        builder.Property(c => c.PostalCode).HasMaxLength(VerificationCheck.PostalCodeMaxLength);
        builder.Property(c => c.Country).HasMaxLength(2);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<VerificationDocument> builder)
    {
        builder.ToTable("VerificationDocuments");
        builder.HasIndex(d => new { d.OrganizationId, d.Check });
        builder.Property(d => d.Check).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.FileName).HasMaxLength(VerificationDocument.FileNameMaxLength);
        builder.Property(d => d.ContentType).HasMaxLength(64);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.Comment).HasMaxLength(VerificationCheck.CommentMaxLength);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
