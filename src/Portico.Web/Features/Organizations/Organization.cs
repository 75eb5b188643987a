using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Organizations;

/// <summary>A partner organization (tenant) in the vendor's partner program.</summary>
public sealed class Organization
{
    public const int DisplayNameMaxLength = 200;
    public const int PartnerIdLength = 7;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Global 7-digit Partner ID, unique across organizations and locations.</summary>
    public string PartnerId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public PartnerType Type { get; set; }

    /// <summary>ISO 3166-1 alpha-2 country code.</summary>
    public string Country { get; set; } = "";

    public VerificationStatus VerificationStatus { get; set; } = VerificationStatus.NotStarted;

    public MfaPolicy MfaPolicy { get; set; } = MfaPolicy.SensitiveCapabilities;

    /// <summary>Whether members with registered security info may reset a forgotten password themselves (default yes).</summary>
    public bool AllowSelfServicePasswordReset { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    public List<OrganizationDomain> Domains { get; set; } = [];

    public List<Location> Locations { get; set; } = [];

    public List<ProgramEnrollment> Programs { get; set; } = [];
}

public enum PartnerType
{
    Direct = 0,
    IndirectProvider = 1,
    IndirectReseller = 2,
}

public enum VerificationStatus
{
    NotStarted = 0,
    Pending = 1,
    ActionRequired = 2,
    Verified = 3,
    Rejected = 4,
}

public enum MfaPolicy
{
    /// <summary>MFA is needed in the session only for capabilities flagged sensitive (the default).</summary>
    SensitiveCapabilities = 0,

    /// <summary>Every member must complete MFA at sign-in.</summary>
    Everyone = 1,
}

/// <summary>A verified email domain of an organization.</summary>
public sealed class OrganizationDomain
{
    public const int DomainMaxLength = 253;

    public Guid OrganizationId { get; set; }

    public string Domain { get; set; } = "";
}

/// <summary>A location of an organization; each location has its own Partner ID.</summary>
public sealed class Location
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string PartnerId { get; set; } = "";

    public string Name { get; set; } = "";

    public string Country { get; set; } = "";
}

/// <summary>An organization's enrollment in one program of the catalog.</summary>
public sealed class ProgramEnrollment
{
    public Guid OrganizationId { get; set; }

    public string Program { get; set; } = "";

    public DateTime EnrolledUtc { get; set; }
}

internal sealed class OrganizationConfiguration :
    IEntityTypeConfiguration<Organization>,
    IEntityTypeConfiguration<OrganizationDomain>,
    IEntityTypeConfiguration<Location>,
    IEntityTypeConfiguration<ProgramEnrollment>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.Property(o => o.PartnerId).HasMaxLength(Organization.PartnerIdLength).IsFixedLength();
        builder.HasIndex(o => o.PartnerId).IsUnique();
        builder.Property(o => o.DisplayName).HasMaxLength(Organization.DisplayNameMaxLength);
        builder.Property(o => o.Country).HasMaxLength(2);
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.VerificationStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.MfaPolicy).HasConversion<string>().HasMaxLength(32);
        builder.HasMany(o => o.Domains).WithOne().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Locations).WithOne().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Programs).WithOne().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<OrganizationDomain> builder)
    {
        builder.ToTable("OrganizationDomains");
        builder.HasKey(d => new { d.OrganizationId, d.Domain });
        builder.Property(d => d.Domain).HasMaxLength(OrganizationDomain.DomainMaxLength);
    }

    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("Locations");
        builder.Property(l => l.PartnerId).HasMaxLength(Organization.PartnerIdLength).IsFixedLength();
        builder.HasIndex(l => l.PartnerId).IsUnique();
        builder.Property(l => l.Name).HasMaxLength(Organization.DisplayNameMaxLength);
        builder.Property(l => l.Country).HasMaxLength(2);
    }

    public void Configure(EntityTypeBuilder<ProgramEnrollment> builder)
    {
        builder.ToTable("ProgramEnrollments");
        builder.HasKey(p => new { p.OrganizationId, p.Program });
        builder.Property(p => p.Program).HasMaxLength(64);
    }
}
