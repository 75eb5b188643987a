using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Marketplace.Payouts;

/// <summary>
/// Demo payouts at Contoso over the last three months for its two offers that sold (README "Demo sign-ins": Devon is
/// Owner, Casey Financial contributor). No payout account is set, so the newest statement is on hold for the
/// incomplete tax profile and the page invites the partner to add one.
/// </summary>
public static class PayoutsDemoData
{
    public const string FinancialContributor = "casey.finance@contoso.example";

    private static readonly (int MonthsAgo, string Offer, long GrossMinor, long FeeMinor, string Currency, PayoutStatus Status, string? Hold)[] Statements =
    [
        (3, OfferDemoData.PublishedOffer, 1_250_000, 37_500, "USD", PayoutStatus.Sent, null),
        (3, OfferDemoData.UnpublishedOffer, 880_000, 26_400, "USD", PayoutStatus.Sent, null),
        (2, OfferDemoData.PublishedOffer, 1_410_000, 42_300, "USD", PayoutStatus.Sent, null),
        (2, OfferDemoData.UnpublishedOffer, 640_000, 19_200, "USD", PayoutStatus.Sent, null),
        (1, OfferDemoData.PublishedOffer, 1_575_000, 47_250, "USD", PayoutStatus.Pending, null),
        (1, OfferDemoData.UnpublishedOffer, 1_200_000, 36_000, "USD", PayoutStatus.OnHold, PayoutHoldReasons.TaxProfileIncomplete),
    ];

    /// <summary>Adds the demo statements; the organizations and offers are already saved.</summary>
    public static async Task SeedAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var contoso = await db.Organizations.Where(o => o.DisplayName == OfferDemoData.OrganizationName).Select(o => o.Id).SingleAsync(cancellationToken);
        var offers = await db.Offers.Where(o => o.OrganizationId == contoso).ToDictionaryAsync(o => o.Name, o => o.Id, cancellationToken);
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        foreach (var s in Statements)
        {
            var period = thisMonth.AddMonths(-s.MonthsAgo);
            db.PayoutStatements.Add(new PayoutStatement
            {
                OrganizationId = contoso,
                OfferId = offers[s.Offer],
                Period = period,
                GrossMinor = s.GrossMinor,
                FeeMinor = s.FeeMinor,
                NetMinor = s.GrossMinor - s.FeeMinor,
                Currency = s.Currency,
                Status = s.Status,
                PaidOn = s.Status == PayoutStatus.Sent ? period.AddMonths(1).AddDays(14) : null,
                HoldReason = s.Hold,
                CreatedUtc = period.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(3),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
