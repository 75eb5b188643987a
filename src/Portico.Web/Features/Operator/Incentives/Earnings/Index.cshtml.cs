using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;

namespace Portico.Web.Features.Operator.Incentives.Earnings;

/// <summary>The vendor's earnings lines across organizations: find a line by organization or vendor reference, newest month first, to adjust it.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class IndexModel(EarningDeskService desk) : PageModel
{
    public DeskEarningPage Lines { get; private set; } = new([], 1, EarningDeskService.DefaultPageSize, 0);

    public string? Org { get; private set; }

    public string? Reference { get; private set; }

    public int LastPage => Math.Max(1, (Lines.Total + Lines.PageSize - 1) / Lines.PageSize);

    public async Task OnGetAsync(string? org, string? reference, int? page, CancellationToken cancellationToken)
    {
        // Note: the page ignores filter values it cannot read (a hand-edited link); the API refuses them.
        Org = Clean(org, DisputeDeskService.OrganizationFilterMaxLength);
        Reference = Clean(reference, EarningLine.ReferenceMaxLength);
        Lines = await desk.FindAsync(Org, Reference, Math.Clamp(page ?? 1, 1, 100_000), EarningDeskService.DefaultPageSize, cancellationToken);
    }

    public string PageUrl(int page) =>
        "/Operator/Incentives/Earnings" + QueryString.Create(new Dictionary<string, string?>
        {
            ["org"] = Org, ["reference"] = Reference, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => kv.Value is not null)).ToUriComponent();

    private static string? Clean(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl) ? null : value.Trim();
}
