using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Designations;

/// <summary>
/// Designations (the <c>designations</c> capability: Partner program admins and Global admins): one card per solution
/// area with its partner capability score, what is missing, and Apply when the score is met.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Designations)]
public sealed class IndexModel(DesignationService service, IStringLocalizer<SharedResource> t) : PageModel
{
    public DesignationsResponse Designations { get; private set; } = null!;

    public static ScoringRules Rules => DesignationService.Rules;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Designations = await service.ListAsync(User.OrganizationId()!.Value, cancellationToken);

    public async Task<IActionResult> OnPostApplyAsync(string? solutionArea, CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        var result = await service.ApplyAsync(orgId, solutionArea, User, cancellationToken);
        if (result.Error == DesignationErrors.SolutionAreaNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded
            ? t["Designations.Applied", result.Value!.Name, DesignationForms.Iso(result.Value.AnniversaryOn!.Value)].Value
            : t["Error." + result.Error].Value;
        return RedirectToPage();
    }
}
