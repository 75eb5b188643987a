using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Referrals;

/// <summary>
/// Referrals (the <c>referrals</c> capability): the deals the caller may see, filtered by status and paged, and the
/// New deal form. Which deals show, and where and for whom a deal may be created, is <see cref="ReferralsScope"/>'s.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Referrals)]
public sealed class IndexModel(AppDbContext db, DealService deals, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public DealForm Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "reason")]
    public string? ReasonFilter { get; set; }

    /// <summary>Only deals closed in the last so many days (one of <see cref="DealService.PeriodDays"/>); null: any time.</summary>
    [BindProperty(SupportsGet = true, Name = "closedWithin")]
    public int? ClosedWithin { get; set; }

    /// <summary>The period of the "Why deals close" summary, in days.</summary>
    [BindProperty(SupportsGet = true, Name = "period")]
    public int Period { get; set; } = DealService.DefaultPeriodDays;

    public DealCloseSummary Summary { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DealPage Deals { get; private set; } = new([], 1, DealService.DefaultPageSize, 0);

    public ReferralsScope Scope { get; private set; } = null!;

    /// <summary>Locations the caller may put a deal at.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Locations { get; private set; } = [];

    /// <summary>Accounts an admin may give a new deal to (empty for a Referrals user: they own what they create).</summary>
    public IReadOnlyList<DealOwnerOption> Owners { get; private set; } = [];

    public int PageCount => Math.Max(1, (Deals.Total + Deals.PageSize - 1) / Deals.PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await deals.CreateAsync(OrgId, User, input, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Deals.Created", result.Deal!.CustomerName].Value;
                return RedirectToPage("Deal", new { id = result.Deal.Id });
            }

            DealForm.AddErrors(ModelState, t, result);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Scope = ReferralsScope.For(User, OrgId);
        DealStatus? filter = DealService.TryParseStatus(StatusFilter, out var s) ? s : null;
        StatusFilter = filter?.ToString();
        ReasonFilter = DealCloseReasons.IsKnown(ReasonFilter) ? ReasonFilter : null;
        ClosedWithin = ClosedWithin is { } days && DealService.PeriodDays.Contains(days) ? days : null;
        Period = DealService.PeriodDays.Contains(Period) ? Period : DealService.DefaultPeriodDays;
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Deals = await deals.ListAsync(OrgId, Scope, filter, PageNumber, DealService.DefaultPageSize, cancellationToken, ReasonFilter, ClosedWithin);
        Summary = await deals.CloseSummaryAsync(OrgId, Scope, Period, cancellationToken);
        Locations = await PlaceableLocationsAsync(db, OrgId, Scope, cancellationToken);
        Owners = Scope.IsAdmin
            ? [.. (await deals.OwnerOptionsAsync(OrgId, cancellationToken)).Where(o => o.OrganizationWide || Scope.OrganizationAdmin || o.Locations.Any(Scope.AdminLocations.Contains))]
            : [];
        Input.OwnerId ??= Scope.AccountId;
    }

    /// <summary>The organization's locations the caller may put a deal at.</summary>
    public static async Task<IReadOnlyList<(Guid Id, string Name)>> PlaceableLocationsAsync(
        AppDbContext db, Guid organizationId, ReferralsScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var all = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == organizationId).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        return [.. all.Where(l => scope.CanPlace(l.Id)).Select(l => (l.Id, l.Name))];
    }
}
