using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portico.Web.Authorization;

namespace Portico.Web.Features.Benefits;

/// <summary>A benefit a program grants each enrolled organization, with its yearly entitlement.</summary>
public sealed record BenefitDefinition(string Id, string Program, int Quantity, string Unit);

/// <summary>The default benefits per program; an organization's row (<see cref="OrganizationBenefit"/>) records its use.</summary>
public static class BenefitCatalog
{
    public static readonly IReadOnlyList<BenefitDefinition> All =
    [
        new("product-licenses", Programs.PartnerNetwork, 25, "licenses"),
        new("presales-hours", Programs.PartnerNetwork, 20, "hours"),
        new("marketing-credits", Programs.PartnerNetwork, 5000, "usd"),
        new("training-vouchers", Programs.PartnerNetwork, 10, "vouchers"),
        new("sandbox-subscriptions", Programs.CloudReseller, 5, "subscriptions"),
        new("support-incidents", Programs.CloudReseller, 10, "incidents"),
        new("listing-promotions", Programs.Marketplace, 2, "promotions"),
        new("developer-accounts", Programs.DeveloperPrograms, 3, "accounts"),
    ];
}

/// <summary>An organization's allocation and use of one benefit (its quantity may differ from the catalog's default).</summary>
public sealed class OrganizationBenefit
{
    public Guid OrganizationId { get; set; }

    public string Benefit { get; set; } = "";

    public int Quantity { get; set; }

    public int Used { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

internal sealed class OrganizationBenefitConfiguration : IEntityTypeConfiguration<OrganizationBenefit>
{
    public void Configure(EntityTypeBuilder<OrganizationBenefit> builder)
    {
        builder.ToTable("OrganizationBenefits");
        builder.HasKey(b => new { b.OrganizationId, b.Benefit });
        builder.Property(b => b.Benefit).HasMaxLength(64);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(b => b.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
