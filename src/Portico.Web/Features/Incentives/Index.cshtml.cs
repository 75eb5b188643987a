using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Incentives;

/// <summary>
/// Incentives (the <c>incentives</c> capability): the earnings statement the caller may see, filtered by earning
/// months, program and status, with totals per currency and status and a CSV export of the same filter. Which lines
/// show is <see cref="IncentivesScope"/>'s.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Incentives)]
public sealed class IndexModel(EarningService earnings) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "program")]
    public string? ProgramFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public EarningPage Earnings { get; private set; } = new([], 1, EarningService.DefaultPageSize, 0, []);

    public IncentivesScope Scope { get; private set; } = null!;

    public IReadOnlyList<string> Programs { get; private set; } = [];

    public int PageCount => Math.Max(1, (Earnings.Total + Earnings.PageSize - 1) / Earnings.PageSize);

    /// <summary>The current filter as query values, for the pager and the CSV link.</summary>
    public Dictionary<string, string?> Query { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        Scope = IncentivesScope.For(User, orgId);
        Programs = await earnings.ProgramsAsync(orgId, Scope, cancellationToken);

        // Note: the page ignores filter values it cannot read (a hand-edited link), as the Referrals list does; the API refuses them.
        var from = EarningFilter.ParseMonth(From);
        var to = EarningFilter.ParseMonth(To);
        if (from > to)
        {
            (from, to) = (to, from);
        }

        var program = Programs.Contains(ProgramFilter ?? "", StringComparer.Ordinal) ? ProgramFilter : null;
        EarningStatus? status = EarningService.TryParseName(StatusFilter, out EarningStatus s) ? s : null;
        From = from?.ToString(EarningFilter.PeriodFormat, System.Globalization.CultureInfo.InvariantCulture);
        To = to?.ToString(EarningFilter.PeriodFormat, System.Globalization.CultureInfo.InvariantCulture);
        ProgramFilter = program;
        StatusFilter = status?.ToString();
        Query = new Dictionary<string, string?> { ["from"] = From, ["to"] = To, ["program"] = ProgramFilter, ["status"] = StatusFilter }
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Earnings = await earnings.ListAsync(orgId, Scope, new EarningFilter(from, to, program, status), PageNumber, EarningService.DefaultPageSize, cancellationToken);
    }

    public string CsvUrl => $"/api/v1/orgs/{User.OrganizationId()}/earnings.csv" + QueryString.Create(Query).ToUriComponent();

    public string PageUrl(int page) => "/Incentives" + QueryString.Create(Query.Append(new KeyValuePair<string, string?>("p", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToUriComponent();
}
