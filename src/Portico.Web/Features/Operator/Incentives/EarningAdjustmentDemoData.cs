using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Incentives;

namespace Portico.Web.Features.Operator.Incentives;

/// <summary>
/// One demo adjustment (README "Demo sign-ins"): Olivia, the OperatorAdmin, corrected Contoso's "Security workshops
/// delivered" line from 2,500.00 to 3,000.00 USD for a calculation error, so both the desk and Jordan see a history.
/// </summary>
public static class EarningAdjustmentDemoData
{
    public const string AdjustedLever = "Security workshops delivered";

    /// <summary>Adds the adjustment; the demo earnings (<see cref="IncentivesDemoData"/>) and staff are already saved.</summary>
    public static async Task SeedAsync(AppDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var line = await db.EarningLines.Where(e => e.Lever == AdjustedLever && e.Status == EarningStatus.Accrued)
            .Join(db.Organizations.Where(o => o.DisplayName == IncentivesDemoData.Contoso), e => e.OrganizationId, o => o.Id, (e, o) => e)
            .SingleAsync(cancellationToken);
        var staff = await db.Users.Where(a => a.Kind == AccountKind.Staff && a.Email == IncentivesDemoData.OperatorAdmin).Select(a => a.Id).SingleAsync(cancellationToken);
        var at = line.CreatedUtc.AddDays(10) < now ? line.CreatedUtc.AddDays(10) : now.AddHours(-1);
        db.EarningAdjustments.Add(new EarningAdjustment
        {
            OrganizationId = line.OrganizationId,
            EarningLineId = line.Id,
            AdjustedByAccountId = staff,
            AdjustedUtc = at,
            Reason = AdjustmentReason.CalculationError,
            Note = "One workshop delivered on the last day of the month was missing from the first calculation; the line now pays for all six.",
            PreviousAmountMinor = line.AmountMinor - 50_000,
            NewAmountMinor = line.AmountMinor,
            PreviousStatus = line.Status,
            NewStatus = line.Status,
        });
        line.UpdatedUtc = at;
        await db.SaveChangesAsync(cancellationToken);
    }
}
