using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Marketplace.Payouts;

/// <summary>Where a payout stands: <see cref="Pending"/> → <see cref="Sent"/> (with the payment date) or <see cref="OnHold"/> (with a reason).</summary>
public enum PayoutStatus
{
    Pending,
    Sent,
    OnHold,
}

/// <summary>Whether the organization has submitted its tax form for marketplace payouts.</summary>
public enum TaxFormStatus
{
    NotSubmitted,
    Submitted,
}

/// <summary>Why the vendor holds a payout (codes shown to the partner with what to fix).</summary>
public static class PayoutHoldReasons
{
    public const string PayoutAccountMissing = "payout_account_missing";
    public const string TaxProfileIncomplete = "tax_profile_incomplete";

    public static readonly IReadOnlyList<string> All = [PayoutAccountMissing, TaxProfileIncomplete];
}

/// <summary>
/// One marketplace payout statement (SPEC §3, Marketplace): the month, the offer that sold, gross sales, the store fee
/// and the net payout, in integer minor units of one currency, and where the payment stands.
/// </summary>
/// <remarks>The vendor computes statements; partners read and export them, never write them.</remarks>
public sealed class PayoutStatement
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    /// <summary>The organization's offer the sales came from; null for a statement not tied to one offer.</summary>
    public Guid? OfferId { get; set; }

    /// <summary>The payout month: always the first day of that month.</summary>
    public DateOnly Period { get; set; }

    public long GrossMinor { get; set; }

    public long FeeMinor { get; set; }

    public long NetMinor { get; set; }

    /// <summary>ISO 4217 code, one of <see cref="Infrastructure.Money.Currencies"/>.</summary>
    public string Currency { get; set; } = "";

    public PayoutStatus Status { get; set; }

    /// <summary>Set only with <see cref="PayoutStatus.Sent"/>.</summary>
    public DateOnly? PaidOn { get; set; }

    /// <summary>One of <see cref="PayoutHoldReasons.All"/>; set only with <see cref="PayoutStatus.OnHold"/>.</summary>
    public string? HoldReason { get; set; }

    public DateTime CreatedUtc { get; set; }
}

/// <summary>
/// Where the organization's marketplace payouts go: one per organization. The account number is stored whole for the
/// vendor's payment run, but the portal shows and audits only its last four characters.
/// </summary>
public sealed class PayoutAccount
{
    public const int HolderNameMaxLength = 100;
    public const int AccountNumberMinLength = 5;
    public const int AccountNumberMaxLength = 34;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string HolderName { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string BankCountry { get; set; } = "";

    /// <summary>IBAN or local account number, upper case without spaces.</summary>
    public string AccountNumber { get; set; } = "";

    public string Currency { get; set; } = "";

    public TaxFormStatus TaxForm { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public Guid? UpdatedBy { get; set; }

    /// <summary>Concurrency token: two people editing the account at once never overwrite each other unseen.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>The only form of the number that leaves the service: "•••• 1234".</summary>
    public static string Mask(string number) => "•••• " + (number.Length <= 4 ? number : number[^4..]);
}

internal sealed class PayoutConfiguration : IEntityTypeConfiguration<PayoutStatement>, IEntityTypeConfiguration<PayoutAccount>
{
    public void Configure(EntityTypeBuilder<PayoutStatement> builder)
    {
        builder.ToTable("PayoutStatements");
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.HoldReason).HasMaxLength(40);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // Note: a deleted offer keeps its statements (money already owed), just without the link.
        builder.HasOne<Offer>().WithMany().HasForeignKey(p => p.OfferId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => new { p.OrganizationId, p.Period });
    }

    public void Configure(EntityTypeBuilder<PayoutAccount> builder)
    {
        builder.ToTable("PayoutAccounts");
        builder.Property(a => a.HolderName).HasMaxLength(PayoutAccount.HolderNameMaxLength);
        builder.Property(a => a.BankCountry).HasMaxLength(2);
        builder.Property(a => a.AccountNumber).HasMaxLength(PayoutAccount.AccountNumberMaxLength);
        builder.Property(a => a.Currency).HasMaxLength(3);
        builder.Property(a => a.TaxForm).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.OrganizationId).IsUnique();
    }
}
