using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Marketplace;

/// <summary>What a commercial marketplace offer sells, as Partner Center's offer types.</summary>
public enum OfferType
{
    SaaS,
    AzureApplication,
    ConsultingService,
    ManagedService,
}

/// <summary>How the offer is priced: free, or a flat or per-user price per month in one currency.</summary>
public enum PricingModel
{
    Free,
    FlatMonthly,
    PerUserMonthly,
}

/// <summary>Draft until first published; a published offer may be unpublished and published again.</summary>
public enum OfferStatus
{
    Draft,
    Published,
    Unpublished,
}

/// <summary>A commercial marketplace offer of one organization (SPEC §2, program <c>Marketplace</c>).</summary>
public sealed class Offer
{
    public const int NameMaxLength = 100;
    public const int SummaryMaxLength = 200;
    public const int DescriptionMaxLength = 3000;

    /// <summary>The highest price accepted, in the currency's major unit.</summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>Currencies a price may be set in (ISO 4217).</summary>
    public static readonly IReadOnlyList<string> Currencies = ["USD", "EUR", "GBP", "JPY"];

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The name upper-cased (invariant), unique per organization, so uniqueness is case-insensitive on both databases.</summary>
    public string NormalizedName { get; set; } = "";

    public OfferType Type { get; set; }

    public string Summary { get; set; } = "";

    public string Description { get; set; } = "";

    public PricingModel Pricing { get; set; }

    /// <summary>Null for <see cref="PricingModel.Free"/>.</summary>
    public decimal? Price { get; set; }

    /// <summary>Null for <see cref="PricingModel.Free"/>.</summary>
    public string? Currency { get; set; }

    public OfferStatus Status { get; set; }

    public DateTime CreatedUtc { get; set; }

    public Guid? CreatedBy { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public Guid? UpdatedBy { get; set; }

    /// <summary>When the offer was last published; kept while unpublished.</summary>
    public DateTime? PublishedUtc { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("Offers");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Name).HasMaxLength(Offer.NameMaxLength);
        builder.Property(o => o.NormalizedName).HasMaxLength(Offer.NameMaxLength);
        builder.Property(o => o.Summary).HasMaxLength(Offer.SummaryMaxLength);
        builder.Property(o => o.Description).HasMaxLength(Offer.DescriptionMaxLength);
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.Pricing).HasConversion<string>().HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Price).HasPrecision(12, 2);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasIndex(o => new { o.OrganizationId, o.NormalizedName }).IsUnique();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(o => o.CreatedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(o => o.UpdatedBy).OnDelete(DeleteBehavior.SetNull);
    }
}
