using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portico.Web.Features.Referrals;

/// <summary>Where a deal stands: <see cref="New"/> → <see cref="Active"/> → <see cref="Won"/> or <see cref="Lost"/> (both final).</summary>
public enum DealStatus
{
    New,
    Active,
    Won,
    Lost,
}

/// <summary>
/// A co-sell or referral opportunity of a partner organization (SPEC §3, Referrals): the customer, the estimated value,
/// the expected close date, its status and the account working on it.
/// </summary>
/// <remarks>
/// Note: the value is stored in integer minor units of its currency (cents for USD, whole yen for JPY, see
/// <see cref="DealCurrencies"/>): amounts stay exact, and SQLite has no decimal type (EF stores decimals there as text,
/// which cannot be compared or ordered in SQL), so a <see cref="long"/> behaves the same on both providers.
/// </remarks>
public sealed class Deal
{
    public const int CustomerNameMaxLength = 200;
    public const int ContactNameMaxLength = 100;
    public const int DescriptionMaxLength = 1000;
    public const int LostReasonMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public string CustomerName { get; set; } = "";

    public string ContactName { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The estimated value in minor units of <see cref="Currency"/>.</summary>
    public long ValueMinor { get; set; }

    /// <summary>ISO 4217 code, one of <see cref="DealCurrencies.All"/>.</summary>
    public string Currency { get; set; } = "";

    public DateOnly ExpectedCloseDate { get; set; }

    public DealStatus Status { get; set; }

    /// <summary>Why the deal was lost; set only with <see cref="DealStatus.Lost"/>.</summary>
    public string? LostReason { get; set; }

    public Guid OwnerAccountId { get; set; }

    /// <summary>The organization's location the deal belongs to; null for an organization-wide deal.</summary>
    public Guid? LocationId { get; set; }

    public Guid CreatedByAccountId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? ClosedUtc { get; set; }

    /// <summary>Concurrency token: changes on every write, so two people never silently overwrite each other.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsClosed => Status is DealStatus.Won or DealStatus.Lost;
}

/// <summary>The currencies a deal may be valued in, with their ISO 4217 minor-unit exponents.</summary>
public static class DealCurrencies
{
    public static readonly IReadOnlyDictionary<string, int> All = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["JPY"] = 0, ["AUD"] = 2, ["CAD"] = 2,
        ["CHF"] = 2, ["CNY"] = 2, ["INR"] = 2, ["KRW"] = 0, ["SGD"] = 2,
    };

    /// <summary>The largest value a deal may carry, in major units (a trillion fits any currency's minor units in a long).</summary>
    public const decimal MaxValue = 1_000_000_000_000m;

    /// <summary>
    /// Converts <paramref name="value"/> in major units to minor units of <paramref name="currency"/>; null when it has
    /// more decimals than the currency has minor units (0.5 JPY, 1.005 USD).
    /// </summary>
    public static long? ToMinor(decimal value, string currency)
    {
        var factor = Factor(currency);
        var minor = value * factor;
        return minor == decimal.Truncate(minor) ? (long)minor : null;
    }

    public static decimal ToMajor(long minor, string currency) => minor / (decimal)Factor(currency);

    /// <summary>The value for display in the current culture, with its currency code ("12,500.00 USD", "3,000,000 JPY").</summary>
    public static string Format(decimal value, string currency) =>
        value.ToString("N" + All.GetValueOrDefault(currency, 2).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.CurrentCulture)
        + " " + currency;

    private static long Factor(string currency)
    {
        long factor = 1;
        for (var i = 0; i < All[currency]; i++)
        {
            factor *= 10;
        }

        return factor;
    }
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
        builder.Property(d => d.LostReason).HasMaxLength(Deal.LostReasonMaxLength);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.Ignore(d => d.IsClosed);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // Note: no foreign key to the owner, so deleting an account (User management) never fails on its deals; a deal of
        // a deleted account shows no owner until an admin reassigns it.
        builder.HasOne<Organizations.Location>().WithMany().HasForeignKey(d => d.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(d => new { d.OrganizationId, d.Status, d.CreatedUtc });
        builder.HasIndex(d => new { d.OrganizationId, d.OwnerAccountId });
        builder.HasIndex(d => new { d.OrganizationId, d.LocationId });
    }
}
