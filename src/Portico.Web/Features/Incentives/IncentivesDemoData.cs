using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Incentives;

/// <summary>
/// Demo earnings at Contoso over the last six months (README "Demo sign-ins": Jordan is Incentives admin, Riley
/// Incentives user): USD lines at Seattle and organization-wide, JPY lines at Tokyo, one on hold for a missing tax
/// profile, one with an open dispute (for the vendor's queue) and one whose dispute the vendor answered and rejected.
/// Every line carries a vendor reference (e.g. <c>INC-2026-100123</c>), as lines from the vendor's import would.
/// </summary>
public static class IncentivesDemoData
{
    public const string Contoso = "Contoso Cloud Solutions";
    public const string Admin = "jordan.rivera@contoso.example";
    public const string SolutionsPartner = "Solutions Partner incentive";
    public const string IndirectReseller = "CSP indirect reseller incentive";

    /// <summary>The lever of the demo line with an open dispute (Tokyo, four months ago).</summary>
    public const string DisputedLever = "Microsoft 365 new seats";

    /// <summary>The demo OperatorAdmin who answered the resolved demo dispute (README "Demo sign-ins").</summary>
    public const string OperatorAdmin = "olivia.ops@portico.example";

    private static readonly (int MonthsAgo, string Program, string Lever, string? Location, long AmountMinor, string Currency, EarningStatus Status, string? Hold)[] Lines =
    [
        (6, SolutionsPartner, "Azure consumption growth", "Seattle", 1_245_000, "USD", EarningStatus.Paid, null),
        (5, SolutionsPartner, "Azure consumption growth", "Seattle", 1_380_050, "USD", EarningStatus.Paid, null),
        (5, IndirectReseller, "Microsoft 365 new seats", "Tokyo", 1_850_000, "JPY", EarningStatus.Paid, null),
        (4, IndirectReseller, DisputedLever, "Tokyo", 2_120_000, "JPY", EarningStatus.Paid, null),
        (4, SolutionsPartner, "Modern Work deployment", null, 500_000, "USD", EarningStatus.Paid, null),
        (3, SolutionsPartner, "Azure consumption growth", "Seattle", 1_512_500, "USD", EarningStatus.Accrued, null),
        (3, IndirectReseller, "Dynamics 365 new customers", "Tokyo", 980_000, "JPY", EarningStatus.OnHold, HoldReasons.TaxProfileMissing),
        (2, SolutionsPartner, "Security workshops delivered", null, 300_000, "USD", EarningStatus.Accrued, null),
        (2, IndirectReseller, "Microsoft 365 new seats", "Tokyo", 2_340_000, "JPY", EarningStatus.Accrued, null),
        (1, SolutionsPartner, "Azure consumption growth", "Seattle", 1_600_000, "USD", EarningStatus.Estimated, null),
        (1, IndirectReseller, "Microsoft 365 new seats", "Tokyo", 2_500_000, "JPY", EarningStatus.Estimated, null),
    ];

    /// <summary>Adds the demo earnings and dispute; the organizations, accounts and locations are already saved.</summary>
    public static async Task SeedAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var organizationId = await db.Organizations.Where(o => o.DisplayName == Contoso).Select(o => o.Id).SingleAsync(cancellationToken);
        var locations = await db.Locations.Where(l => l.OrganizationId == organizationId).ToDictionaryAsync(l => l.Name, l => l.Id, cancellationToken);
        var admin = await db.Users.Where(a => a.OrganizationId == organizationId && a.Email == Admin).Select(a => a.Id).SingleAsync(cancellationToken);
        var operatorAdmin = await db.Users.Where(a => a.Kind == Accounts.AccountKind.Staff && a.Email == OperatorAdmin).Select(a => a.Id).SingleAsync(cancellationToken);
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        for (var i = 0; i < Lines.Length; i++)
        {
            var l = Lines[i];
            var period = thisMonth.AddMonths(-l.MonthsAgo);
            var recorded = period.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(5);
            var line = new EarningLine
            {
                OrganizationId = organizationId,
                Program = l.Program,
                Lever = l.Lever,
                Period = period,
                LocationId = l.Location is { } name ? locations[name] : null,
                AmountMinor = l.AmountMinor,
                Currency = l.Currency,
                Status = l.Status,
                PaidOn = l.Status == EarningStatus.Paid ? period.AddMonths(2).AddDays(14) : null,
                HoldReason = l.Hold,
                Reference = Reference(period, i),
                CreatedUtc = recorded,
                UpdatedUtc = recorded,
            };
            db.EarningLines.Add(line);
            if (l.MonthsAgo == 6 && l.Location == "Seattle")
            {
                db.EarningDisputes.Add(ResolvedDispute(organizationId, line.Id, admin, operatorAdmin, now));
            }

            if (l.MonthsAgo == 4 && l.Lever == DisputedLever)
            {
                var opened = now.AddDays(-6);
                db.EarningDisputes.Add(new EarningDispute
                {
                    OrganizationId = organizationId,
                    EarningLineId = line.Id,
                    Reason = DisputeReason.AmountIncorrect,
                    Status = DisputeStatus.Open,
                    OpenedByAccountId = admin,
                    OpenedUtc = opened,
                    Comments =
                    [
                        new EarningDisputeComment
                        {
                            AuthorAccountId = admin, CreatedUtc = opened,
                            Body = "We activated 212 new seats for Tokyo customers this month, but the statement pays for 170. We sent the seat activation report to our partner development manager.",
                        },
                    ],
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The vendor's reference of the demo line at <paramref name="index"/>, e.g. <c>INC-2026-100123</c>.</summary>
    public static string Reference(DateOnly period, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"INC-{period.Year}-{period.Month * 10_000 + 123 + index:D6}");

    /// <summary>
    /// A payment the partner reported missing: the vendor asked for the bank statement, then rejected the dispute with the
    /// remittance details (the amount stands).
    /// </summary>
    private static EarningDispute ResolvedDispute(Guid organizationId, Guid lineId, Guid admin, Guid operatorAdmin, DateTime now)
    {
        var opened = now.AddDays(-40);
        return new EarningDispute
        {
            OrganizationId = organizationId,
            EarningLineId = lineId,
            Reason = DisputeReason.PaymentNotReceived,
            Status = DisputeStatus.Resolved,
            OpenedByAccountId = admin,
            OpenedUtc = opened,
            ClosedByAccountId = operatorAdmin,
            ClosedUtc = opened.AddDays(5),
            Outcome = DisputeOutcome.Rejected,
            ResolutionMessage = "The payment left our account on the paid date with remittance reference INC-PAY-58213 to the account ending 4821. Your bank may list it under the payment run's date.",
            Comments =
            [
                new EarningDisputeComment
                {
                    AuthorAccountId = admin, CreatedUtc = opened,
                    Body = "This line shows as paid, but we cannot find the payment on our Seattle account.",
                },
                new EarningDisputeComment
                {
                    AuthorAccountId = operatorAdmin, FromVendor = true, CreatedUtc = opened.AddDays(2),
                    Body = "Could you check the statement of the account ending 4821 for the week after the paid date?",
                },
                new EarningDisputeComment
                {
                    AuthorAccountId = admin, CreatedUtc = opened.AddDays(4),
                    Body = "Found it under the payment run's date. Thank you.",
                },
            ],
        };
    }
}
