using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Designations;

/// <summary>A certification one of the organization's people holds; it counts for skilling from its earned date until it expires.</summary>
public sealed class Certification
{
    public const int CertificationIdMaxLength = 64;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>The work account of the organization that holds the certification.</summary>
    public Guid AccountId { get; set; }

    /// <summary>An id of <see cref="SolutionAreas.Certifications"/>.</summary>
    public string CertificationId { get; set; } = "";

    /// <summary>The certification's solution area, copied from the catalog so scores are counted in the database.</summary>
    public SolutionArea SolutionArea { get; set; }

    public DateOnly EarnedOn { get; set; }

    /// <summary>The last day the certification is valid; from the next day it no longer counts.</summary>
    public DateOnly ExpiresOn { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>Concurrency token: changes on every write, so two people never silently overwrite each other.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A customer deployment the partner records for customer success: the customer, the solution area, when it went live and its size.</summary>
public sealed class CustomerDeployment
{
    public const int CustomerNameMaxLength = 200;
    public const int WorkloadsMaxLength = 200;
    public const int MaxSeats = 1_000_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string CustomerName { get; set; } = "";

    public SolutionArea SolutionArea { get; set; }

    public DateOnly GoLiveOn { get; set; }

    public int Seats { get; set; }

    /// <summary>The workloads deployed, as the partner words them (e.g. "Exchange Online, Intune"); may be empty.</summary>
    public string Workloads { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>
/// A designation the organization applied for and earned in one solution area. It stays earned until
/// <see cref="AnniversaryOn"/> whatever the score does meanwhile; from then on it needs renewal (applying again).
/// </summary>
public sealed class Designation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public SolutionArea SolutionArea { get; set; }

    public DateOnly EarnedOn { get; set; }

    /// <summary>One year after <see cref="EarnedOn"/>: the day the designation needs renewal.</summary>
    public DateOnly AnniversaryOn { get; set; }

    /// <summary>The partner capability score when it was earned or last renewed.</summary>
    public int Score { get; set; }

    public Guid? AppliedByAccountId { get; set; }

    public DateTime AppliedUtc { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class CertificationConfiguration : IEntityTypeConfiguration<Certification>
{
    public void Configure(EntityTypeBuilder<Certification> builder)
    {
        builder.ToTable("Certifications");
        builder.Property(c => c.CertificationId).HasMaxLength(Certification.CertificationIdMaxLength);
        builder.Property(c => c.SolutionArea).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);

        // Note: a person's certifications leave with their account; they no longer count for the organization.
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OrganizationId, c.AccountId, c.CertificationId }).IsUnique();
        builder.HasIndex(c => new { c.OrganizationId, c.SolutionArea });
    }
}

internal sealed class CustomerDeploymentConfiguration : IEntityTypeConfiguration<CustomerDeployment>
{
    public void Configure(EntityTypeBuilder<CustomerDeployment> builder)
    {
        builder.ToTable("CustomerDeployments");
        builder.Property(d => d.CustomerName).HasMaxLength(CustomerDeployment.CustomerNameMaxLength);
        builder.Property(d => d.Workloads).HasMaxLength(CustomerDeployment.WorkloadsMaxLength);
        builder.Property(d => d.SolutionArea).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.OrganizationId, d.SolutionArea, d.GoLiveOn });
    }
}

internal sealed class DesignationConfiguration : IEntityTypeConfiguration<Designation>
{
    public void Configure(EntityTypeBuilder<Designation> builder)
    {
        builder.ToTable("Designations");
        builder.Property(d => d.SolutionArea).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(d => d.AppliedByAccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(d => new { d.OrganizationId, d.SolutionArea }).IsUnique();
    }
}
