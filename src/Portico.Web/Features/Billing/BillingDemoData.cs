using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Billing;

/// <summary>
/// Demo billing at Contoso (README "Demo sign-ins": Sam Lee is Billing admin and Admin agent): a billing profile and
/// four monthly invoices, three paid and the one from three months ago overdue.
/// </summary>
public static class BillingDemoData
{
    public const string Contoso = "Contoso Cloud Solutions";

    /// <summary>The invoice number prefix; the number ends with the billing month (e.g. <c>G0123-2026-08</c>).</summary>
    public const string NumberPrefix = "G0123";

    /// <summary>How many months ago the overdue invoice's billing month is.</summary>
    public const int OverdueMonthsAgo = 3;

    private static readonly (string Description, int Quantity, long UnitPriceMinor)[] Lines =
    [
        ("Microsoft 365 E3 (annual commitment, billed monthly)", 120, 3_600),
        ("Microsoft Defender for Business", 80, 300),
        ("Azure plan consumption", 1, 412_575),
    ];

    /// <summary>Adds the profile and invoices; the organizations are already saved.</summary>
    public static async Task SeedAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organizationId = await db.Organizations.Where(o => o.DisplayName == Contoso).Select(o => o.Id).SingleAsync(cancellationToken);
        db.BillingProfiles.Add(new BillingProfile
        {
            OrganizationId = organizationId, ContactName = "Sam Lee", ContactEmail = "billing@contoso.example", LegalName = "Contoso Cloud Solutions LLC",
            AddressLine1 = "1 Microsoft Way", AddressLine2 = "Building 92", City = "Redmond", PostalCode = "98052", Country = "US",
            PurchaseOrder = "PO-2026-0415", TaxId = "91-1234567", UpdatedUtc = now.AddDays(-40),
        });
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        for (var monthsAgo = 4; monthsAgo >= 1; monthsAgo--)
        {
            var period = thisMonth.AddMonths(-monthsAgo);
            var issued = period.AddMonths(1);
            var due = issued.AddDays(30);
            var invoice = new Invoice
            {
                OrganizationId = organizationId,
                Number = NumberPrefix + "-" + period.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                Period = period,
                IssuedOn = issued,
                DueOn = due,
                // Note: the latest invoice is still open and the one from three months ago is overdue.
                PaidOn = monthsAgo is OverdueMonthsAgo or 1 ? null : due.AddDays(-3),
                Currency = "USD",
                CreatedUtc = issued.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                Lines = [.. Lines.Select((l, n) => new InvoiceLine
                {
                    Position = n + 1, Description = l.Description, Quantity = l.Quantity + monthsAgo, UnitPriceMinor = l.UnitPriceMinor,
                    AmountMinor = (l.Quantity + monthsAgo) * l.UnitPriceMinor,
                })],
            };
            invoice.TotalMinor = invoice.Lines.Sum(l => l.AmountMinor);
            db.Invoices.Add(invoice);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
