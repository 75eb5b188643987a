using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
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

    /// <summary>Only deals closed from this UTC day (yyyy-MM-dd), instead of <see cref="ClosedWithin"/>.</summary>
    [BindProperty(SupportsGet = true, Name = "closedFrom")]
    public string? ClosedFrom { get; set; }

    /// <summary>Only deals closed up to this UTC day, included (default: today).</summary>
    [BindProperty(SupportsGet = true, Name = "closedTo")]
    public string? ClosedTo { get; set; }

    /// <summary>The period of the "Why deals close" summary: days (one of <see cref="DealService.PeriodDays"/>) or <c>custom</c>.</summary>
    [BindProperty(SupportsGet = true, Name = "period")]
    public string? Period { get; set; }

    /// <summary>The first day of the summary's custom period (yyyy-MM-dd).</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    /// <summary>The last day of the summary's custom period, included (default: today).</summary>
    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    public DealClosePeriod SummaryPeriod { get; private set; } = null!;

    /// <summary>Why the summary's custom period was refused (the summary then shows the default period).</summary>
    public IReadOnlyList<FieldError> PeriodErrors { get; private set; } = [];

    /// <summary>Why the list's closed-between dates were refused (the list is then not filtered by closing date).</summary>
    public IReadOnlyList<FieldError> ListErrors { get; private set; } = [];

    public DealCloseSummary Summary { get; private set; } = null!;

    public DateOnly Today { get; private set; }

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

    /// <summary>The close summary as CSV, same period and scope (GET, so the browser saves it; the export is audited).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        ReadSummaryPeriod();
        if (PeriodErrors.Count > 0)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var csv = await deals.ExportCloseSummaryAsync(OrgId, User, SummaryPeriod, cancellationToken);
        return File(csv, "text/csv; charset=utf-8", deals.CloseSummaryFileName(SummaryPeriod));
    }

    /// <summary>The query of a link to the list of deals closed as <paramref name="status"/> (and <paramref name="reason"/>) in the summary's period.</summary>
    public IDictionary<string, string> ListLink(DealStatus status, string? reason = null)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = status.ToString() };
        if (reason is not null)
        {
            route["reason"] = reason;
        }

        foreach (var (key, value) in PeriodRoute(list: true))
        {
            route[key] = value;
        }

        return route;
    }

    /// <summary>The summary's period as query values; with <paramref name="list"/>, the list's closed filter for the same period first.</summary>
    public IDictionary<string, string> PeriodRoute(bool list = false)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        if (SummaryPeriod is { From: { } from, To: { } to })
        {
            if (list)
            {
                route["closedFrom"] = DealClosePeriod.Text(from);
                route["closedTo"] = DealClosePeriod.Text(to);
            }

            route["period"] = DealClosePeriod.Custom;
            route["from"] = DealClosePeriod.Text(from);
            route["to"] = DealClosePeriod.Text(to);
        }
        else
        {
            var days = SummaryPeriod.Days!.Value.ToString(CultureInfo.InvariantCulture);
            if (list)
            {
                route["closedWithin"] = days;
            }

            route["period"] = days;
        }

        return route;
    }

    /// <summary>The query of a list page link: the list's filters, the summary's period and page <paramref name="page"/>.</summary>
    public IDictionary<string, string> PageLink(int page)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                route[key] = value;
            }
        }

        Add("status", StatusFilter);
        Add("reason", ReasonFilter);
        Add("closedWithin", ClosedWithin?.ToString(CultureInfo.InvariantCulture));
        Add("closedFrom", ClosedFrom);
        Add("closedTo", ClosedTo);
        foreach (var (key, value) in PeriodRoute())
        {
            route[key] = value;
        }

        route["p"] = page.ToString(CultureInfo.InvariantCulture);
        return route;
    }

    /// <summary>Amounts per currency for display ("9,500.00 USD, 3,300,000 JPY"); a dash when there are none.</summary>
    public static string Amounts(IReadOnlyList<DealCurrencyTotal> totals) =>
        totals.Count == 0 ? "—" : string.Join(", ", totals.Select(v => Money.Format(v.Value, v.Currency)));

    /// <summary>A rate as a percentage with one decimal in the current culture; a dash when undefined.</summary>
    public static string Percent(decimal? rate) =>
        rate is { } r ? (r * 100).ToString("0.#", CultureInfo.CurrentCulture) + "%" : "—";

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
        var closed = ClosedWithin is { } within ? deals.LastDays(within) : null;
        var range = DealClosePeriod.ParseRange(ClosedFrom, ClosedTo, "closedFrom", "closedTo", deals.Today(), t);
        if (!range.Succeeded)
        {
            ListErrors = range.Fields;
        }
        else if (range.Period is not null && closed is not null)
        {
            ListErrors = [new FieldError("closedFrom", DealErrors.PeriodConflict, t["Error." + DealErrors.PeriodConflict].Value)];
        }
        else
        {
            closed = range.Period ?? closed;
        }

        if (SummaryPeriod is null)
        {
            ReadSummaryPeriod();
        }

        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Deals = await deals.ListAsync(OrgId, Scope, filter, PageNumber, DealService.DefaultPageSize, cancellationToken, ReasonFilter,
            ListErrors.Count == 0 ? closed : null);
        Summary = await deals.CloseSummaryAsync(OrgId, Scope, SummaryPeriod!, cancellationToken);
        Locations = await PlaceableLocationsAsync(db, OrgId, Scope, cancellationToken);
        Owners = Scope.IsAdmin
            ? [.. (await deals.OwnerOptionsAsync(OrgId, cancellationToken)).Where(o => o.OrganizationWide || Scope.OrganizationAdmin || o.Locations.Any(Scope.AdminLocations.Contains))]
            : [];
        Input.OwnerId ??= Scope.AccountId;
    }

    /// <summary>
    /// The summary's period: <c>custom</c> (or no period with a from date) reads the from and to dates; a refused range
    /// keeps what was typed, says why, and shows the default period.
    /// </summary>
    private void ReadSummaryPeriod()
    {
        Today = deals.Today();
        if (Period == DealClosePeriod.Custom || (string.IsNullOrEmpty(Period) && !string.IsNullOrEmpty(From)))
        {
            var range = DealClosePeriod.ParseRange(From, To, "from", "to", Today, t);
            if (range.Period is { } custom)
            {
                Period = DealClosePeriod.Custom;
                SummaryPeriod = custom;
                return;
            }

            PeriodErrors = range.Succeeded
                ? [new FieldError("from", FieldCodes.Required, t["Validation." + FieldCodes.Required].Value)]
                : range.Fields;
            Period = DealClosePeriod.Custom;
            SummaryPeriod = deals.LastDays(DealService.DefaultPeriodDays);
            return;
        }

        var days = int.TryParse(Period, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && DealService.PeriodDays.Contains(d)
            ? d
            : DealService.DefaultPeriodDays;
        Period = days.ToString(CultureInfo.InvariantCulture);
        SummaryPeriod = deals.LastDays(days);
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
