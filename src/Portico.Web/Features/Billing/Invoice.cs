using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Billing;

/// <summary>Where an invoice stands; derived from its due date and paid date, never stored.</summary>
public enum InvoiceStatus
{
    Open,
    Paid,
    Overdue,
}

/// <summary>
/// An invoice the vendor issued to the organization for one billing month (SPEC §3, Billing). Partners read and
/// download invoices; only the vendor's side (<see cref="BillingService.IssueInvoiceAsync"/>) writes them.
/// </summary>
/// <remarks>The total and line amounts are integer minor units of the currency (see <see cref="Infrastructure.Money"/>).</remarks>
public sealed class Invoice
{
    public const int NumberMaxLength = 32;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string Number { get; set; } = "";

    /// <summary>The billing month: always the first day of that month.</summary>
    public DateOnly Period { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly DueOn { get; set; }

    public DateOnly? PaidOn { get; set; }

    public string Currency { get; set; } = "";

    public long TotalMinor { get; set; }

    public DateTime CreatedUtc { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];

    public static InvoiceStatus StatusOn(DateOnly? paidOn, DateOnly dueOn, DateOnly today) =>
        paidOn is not null ? InvoiceStatus.Paid : today > dueOn ? InvoiceStatus.Overdue : InvoiceStatus.Open;
}

public sealed class InvoiceLine
{
    public const int DescriptionMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    public string Description { get; set; } = "";

    public int Quantity { get; set; }

    public long UnitPriceMinor { get; set; }

    public long AmountMinor { get; set; }
}

/// <summary>Who and where the vendor bills: edited by anyone with <c>billing</c>, one per organization.</summary>
public sealed class BillingProfile
{
    public const int NameMaxLength = 100;
    public const int LegalNameMaxLength = 200;
    public const int AddressMaxLength = 200;
    public const int CityMaxLength = 100;
    public const int PostalCodeMaxLength = 20;
    public const int PurchaseOrderMaxLength = 50;
    public const int TaxIdMaxLength = 50;

    public Guid OrganizationId { get; set; }

    public string ContactName { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string LegalName { get; set; } = "";

    public string AddressLine1 { get; set; } = "";

    public string? AddressLine2 { get; set; }

    public string City { get; set; } = "";

    public string PostalCode { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string Country { get; set; } = "";

    public string? PurchaseOrder { get; set; }

    public string? TaxId { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>Concurrency token: two people saving the profile at once never overwrite each other silently.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class BillingConfiguration :
    IEntityTypeConfiguration<Invoice>, IEntityTypeConfiguration<InvoiceLine>, IEntityTypeConfiguration<BillingProfile>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("Invoices");
        builder.Property(i => i.Number).HasMaxLength(Invoice.NumberMaxLength);
        builder.Property(i => i.Currency).HasMaxLength(3);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => new { i.OrganizationId, i.Period });
    }

    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("InvoiceLines");
        builder.Property(l => l.Description).HasMaxLength(InvoiceLine.DescriptionMaxLength);
        builder.HasIndex(l => new { l.InvoiceId, l.Position });
    }

    public void Configure(EntityTypeBuilder<BillingProfile> builder)
    {
        builder.ToTable("BillingProfiles");
        builder.HasKey(p => p.OrganizationId);
        builder.Property(p => p.ContactName).HasMaxLength(BillingProfile.NameMaxLength);
        builder.Property(p => p.ContactEmail).HasMaxLength(Accounts.Account.EmailMaxLength);
        builder.Property(p => p.LegalName).HasMaxLength(BillingProfile.LegalNameMaxLength);
        builder.Property(p => p.AddressLine1).HasMaxLength(BillingProfile.AddressMaxLength);
        builder.Property(p => p.AddressLine2).HasMaxLength(BillingProfile.AddressMaxLength);
        builder.Property(p => p.City).HasMaxLength(BillingProfile.CityMaxLength);
        builder.Property(p => p.PostalCode).HasMaxLength(BillingProfile.PostalCodeMaxLength);
        builder.Property(p => p.Country).HasMaxLength(2);
        builder.Property(p => p.PurchaseOrder).HasMaxLength(BillingProfile.PurchaseOrderMaxLength);
        builder.Property(p => p.TaxId).HasMaxLength(BillingProfile.TaxIdMaxLength);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithOne().HasForeignKey<BillingProfile>(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
