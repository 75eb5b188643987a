using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Referrals;

/// <summary>Demo deals at Contoso (README "Demo sign-ins": Mika is Referrals admin, Taylor Referrals user).</summary>
public static class ReferralsDemoData
{
    public const string Contoso = "Contoso Cloud Solutions";

    private static readonly (string Customer, string Contact, string Email, string Description, long ValueMinor, string Currency, int CloseInDays,
        DealStatus Status, string Owner, string? Location, string? Reason, string? Note)[] Deals =
    [
        ("Litware Inc.", "Dana Whitfield", "dana.whitfield@litware.example", "Move 400 seats of on-premises mail to the cloud, with a security assessment.",
            4_800_000, "USD", 45, DealStatus.Active, "taylor.tanaka@contoso.example", "Seattle", null, null),
        ("Adatum Corporation", "Chris Okafor", "chris.okafor@adatum.example", "Data platform modernisation: migrate the reporting warehouse.",
            12_500_050, "USD", 90, DealStatus.New, "taylor.tanaka@contoso.example", null, null, null),
        ("Wide World Importers", "Priya Raman", "priya.raman@wideworldimporters.example", "Point-of-sale devices and device management for 35 stores.",
            2_100_000, "USD", -10, DealStatus.Won, "taylor.tanaka@contoso.example", "Seattle", null, null),
        ("株式会社フォース", "中村 翔", "sho.nakamura@fourth-coffee.example", "全社のコラボレーション基盤の刷新 (1,200 ユーザー)。",
            18_000_000, "JPY", 60, DealStatus.Active, "mika.yamada@contoso.example", "Tokyo", null, null),
        ("Tailspin Toys", "Morgan Diaz", "morgan.diaz@tailspintoys.example", "Seasonal capacity for the online store.",
            950_000, "USD", -20, DealStatus.Lost, "mika.yamada@contoso.example", null,
            DealCloseReasons.Timing, "The customer chose to extend its current hosting contract for a year."),
        ("Humongous Insurance", "Sasha Novak", "sasha.novak@humongousinsurance.example", "Lab data archive with long-term retention.",
            6_400_000, "USD", -12, DealStatus.Lost, "taylor.tanaka@contoso.example", "Seattle", DealCloseReasons.LostToCompetitor, null),
        ("Graphic Design Institute", "Ana Costa", "ana.costa@graphicdesigninstitute.example", "Render farm hosting for the São Paulo campus.",
            1_750_000, "USD", -5, DealStatus.Declined, "mika.yamada@contoso.example", null, DealCloseReasons.OutsideOurRegion,
            "All of the customer's sites are in Brazil; we pointed them to a local partner."),
        ("Northwind Traders", "Alexis Kim", "alexis.kim@northwindtraders.example", "Security operations onboarding for the finance division.",
            3_300_000, "EUR", 30, DealStatus.New, "alex.johnson@contoso.example", "Tokyo", null, null),
    ];

    /// <summary>Adds the demo deals; the organizations, accounts and locations are already saved.</summary>
    public static async Task SeedAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organizationId = await db.Organizations.Where(o => o.DisplayName == Contoso).Select(o => o.Id).SingleAsync(cancellationToken);
        var accounts = await db.Users.Where(a => a.OrganizationId == organizationId).ToDictionaryAsync(a => a.Email!, a => a.Id, cancellationToken);
        var locations = await db.Locations.Where(l => l.OrganizationId == organizationId).ToDictionaryAsync(l => l.Name, l => l.Id, cancellationToken);
        var today = DateOnly.FromDateTime(now);
        var age = Deals.Length;
        foreach (var d in Deals)
        {
            var created = now.AddDays(-7 * age--);
            var owner = accounts[d.Owner];
            db.Deals.Add(new Deal
            {
                OrganizationId = organizationId,
                CustomerName = d.Customer,
                ContactName = d.Contact,
                ContactEmail = d.Email,
                Description = d.Description,
                ValueMinor = d.ValueMinor,
                Currency = d.Currency,
                ExpectedCloseDate = today.AddDays(d.CloseInDays),
                Status = d.Status,
                CloseReason = d.Reason,
                CloseNote = d.Note,
                OwnerAccountId = owner,
                LocationId = d.Location is { } name ? locations[name] : null,
                CreatedByAccountId = owner,
                CreatedUtc = created,
                UpdatedUtc = created,
                ClosedUtc = d.Status is DealStatus.Won or DealStatus.Lost or DealStatus.Declined ? now.AddDays(d.CloseInDays) : null,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
