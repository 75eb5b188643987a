using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Apps;

/// <summary>
/// Developer programs → App registrations (the <c>apps</c> capability): the organization's registered apps and a
/// form to register a new one. Each app's settings and client secrets are on its own page.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Apps)]
public sealed class IndexModel(AppRegistrationService service, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public AppForm Input { get; set; } = new();

    public IReadOnlyList<AppView> Apps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Apps = await service.ListAsync(User.OrganizationId()!.Value, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        var result = await service.CreateAsync(orgId, User, Input.ToInput(), cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Fields is { Count: > 0 } fields)
            {
                AppForm.AddErrors(ModelState, fields, t);
            }
            else
            {
                ModelState.AddModelError("Input.DisplayName", t["Error." + result.Error].Value);
            }

            Apps = await service.ListAsync(orgId, cancellationToken);
            return Page();
        }

        TempData["Status"] = t["Apps.Created", result.App!.DisplayName].Value;
        return Redirect("/Apps/" + result.App.Id);
    }
}
