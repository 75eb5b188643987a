using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Benefits;

/// <summary>
/// The organization's program benefits (SPEC §8: verified organizations only). Until the organization is verified
/// the policy sends the user to the explained Access denied page, which links to Verification.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Benefits)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public IReadOnlyList<BenefitView> Benefits { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await BenefitsApi.ListAsync(db, User.OrganizationId()!.Value, cancellationToken) is not { } list)
        {
            return NotFound();
        }

        Benefits = list;
        return Page();
    }
}
