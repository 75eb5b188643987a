using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Insights;

/// <summary>
/// Insights (the <c>insights</c> capability): the Referrals pipeline and Marketplace reports of the caller's
/// organization over a period, and their CSV downloads. What each viewer sees is <see cref="InsightsScope"/>'s.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Insights)]
public sealed class IndexModel(InsightsService insights, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "period")]
    public string? PeriodId { get; set; }

    public InsightsPeriod Period { get; private set; } = null!;

    public InsightsScope Scope { get; private set; } = null!;

    public ReferralsReport Referrals { get; private set; } = null!;

    public MarketplaceReport? Marketplace { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Load();
        Referrals = await insights.ReferralsAsync(OrgId, Scope, Period, cancellationToken);
        Marketplace = Scope.SeesOffers ? await insights.MarketplaceAsync(OrgId, Period, cancellationToken) : null;
    }

    /// <summary>The CSV download of one report (GET, so the browser saves it; the export is audited).</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? report, CancellationToken cancellationToken)
    {
        Load();
        if (report is null || !InsightsReports.All.Contains(report, StringComparer.Ordinal))
        {
            return NotFound();
        }

        if (report == InsightsReports.Marketplace && !Scope.SeesOffers)
        {
            return Forbid();
        }

        var csv = await insights.ExportAsync(OrgId, User, report, Period, cancellationToken);
        return File(csv, "text/csv; charset=utf-8", InsightsService.FileName(report, Period));
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private void Load()
    {
        var now = time.GetUtcNow().UtcDateTime;
        Period = (PeriodId is { Length: <= 16 } ? InsightsPeriod.Parse(PeriodId, now) : null) ?? InsightsPeriod.Parse(null, now)!;
        PeriodId = Period.Id;
        Scope = InsightsScope.For(User, OrgId);
    }
}
