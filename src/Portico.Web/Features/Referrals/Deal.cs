using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Referrals;

/// <summary>
/// Where a deal stands: <see cref="New"/> → <see cref="Active"/> → <see cref="Won"/> or <see cref="Lost"/>, or
/// <see cref="New"/> → <see cref="Declined"/> for a referral the partner will not pursue. Won, Lost and Declined are final.
/// </summary>
/// <remarks>
/// Note: declining is its own outcome, not a kind of Lost, as in Partner Center, where a new referral is accepted or
/// declined with a reason and a declined one is closed without having been worked: it never counts as a lost sale
/// (the Insights win rate is Won against Lost only).
/// </remarks>
public enum DealStatus
{
    New,
    Active,
    Won,
    Lost,
    Declined,
}

/// <summary>
/// A co-sell or referral opportunity of a partner organization (SPEC §3, Referrals): the customer, the estimated value,
/// the expected close date, its status and the account working on it.
/// </summary>
/// <remarks>
/// Note: the value is stored in integer minor units of its currency (see <see cref="Infrastructure.Money"/>).
/// </remarks>
public sealed class Deal
{
    public const int CustomerNameMaxLength = 200;
    public const int ContactNameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;
    public const int CloseNoteMaxLength = 500;
    public const int CloseReasonMaxLength = 32;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string CustomerName { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The estimated value in minor units of <see cref="Currency"/>.</summary>
    public long ValueMinor { get; set; }

    /// <summary>ISO 4217 code, one of <see cref="Infrastructure.Money.Currencies"/>.</summary>
    public string Currency { get; set; } = "";

    public DateOnly ExpectedCloseDate { get; set; }

    public DealStatus Status { get; set; }

    /// <summary>
    /// Why the deal was lost or declined, a code of <see cref="DealCloseReasons"/>; set only with <see cref="DealStatus.Lost"/>
    /// or <see cref="DealStatus.Declined"/>. Null on a deal closed before reasons were codes: read it through
    /// <see cref="DealCloseReasons.Effective"/>, which counts it as <see cref="DealCloseReasons.Other"/>.
    /// </summary>
    public string? CloseReason { get; set; }

    /// <summary>The seller's words on why the deal was lost or declined: optional, required with <see cref="DealCloseReasons.Other"/>.</summary>
    public string? CloseNote { get; set; }

    public Guid OwnerAccountId { get; set; }

    /// <summary>The organization's location the deal belongs to; null for an organization-wide deal.</summary>
    public Guid? LocationId { get; set; }

    /// <summary>The solution area the deal is for, if the seller tagged one; won deals count for that area's designation.</summary>
    public Designations.SolutionArea? SolutionArea { get; set; }

    public Guid CreatedByAccountId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? ClosedUtc { get; set; }

    /// <summary>Concurrency token: changes on every write, so two people never silently overwrite each other.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsClosed => Status is DealStatus.Won or DealStatus.Lost or DealStatus.Declined;

    /// <summary>True for the statuses that need a reason: <see cref="DealStatus.Lost"/> and <see cref="DealStatus.Declined"/>.</summary>
    public static bool NeedsReason(DealStatus status) => status is DealStatus.Lost or DealStatus.Declined;
}

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.ToTable("Deals");
        builder.Property(d => d.CustomerName).HasMaxLength(Deal.CustomerNameMaxLength);
        builder.Property(d => d.ContactName).HasMaxLength(Deal.ContactNameMaxLength);
        builder.Property(d => d.ContactEmail).HasMaxLength(Accounts.Account.EmailMaxLength);
        builder.Property(d => d.Description).HasMaxLength(Deal.DescriptionMaxLength);
        builder.Property(d => d.Currency).HasMaxLength(3);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.CloseReason).HasMaxLength(Deal.CloseReasonMaxLength);
        // Note: the note keeps the column of the former free-text reason, so the text of deals closed before reasons were
        // codes stays where it was and reads as the note of an "other" reason (DealCloseReasons.Effective).
        builder.Property(d => d.CloseNote).HasMaxLength(Deal.CloseNoteMaxLength).HasColumnName("LostReason");
        builder.Property(d => d.SolutionArea).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.IsClosed);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // Note: no foreign key to the owner, so deleting an account (User management) never fails on its deals; a deal of
        // a deleted account shows no owner until an admin reassigns it.
        builder.HasOne<Organizations.Location>().WithMany().HasForeignKey(d => d.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(d => new { d.OrganizationId, d.Status, d.CreatedUtc });
        builder.HasIndex(d => new { d.OrganizationId, d.OwnerAccountId });
        builder.HasIndex(d => new { d.OrganizationId, d.LocationId });
        builder.HasIndex(d => new { d.OrganizationId, d.ClosedUtc });
    }
}
