using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace.Offers;

/// <summary>
/// Marketplace → Offers (the <c>offers</c> capability): the organization's commercial marketplace offers and a form
/// for a new draft. Publishing is on each offer's page and needs <c>offers.publish</c>.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Offers)]
public sealed class IndexModel(OfferService service, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public OfferForm Input { get; set; } = new();

    public IReadOnlyList<OfferView> Offers { get; private set; } = [];

    public bool CanPublish { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        if (Input.ToInput(ModelState, t) is not { } input)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await service.CreateAsync(orgId, User, input, cancellationToken);
        if (!result.Succeeded)
        {
            if (result.Fields is { Count: > 0 } fields)
            {
                OfferForm.AddErrors(ModelState, fields, t);
            }
            else
            {
                ModelState.AddModelError("Input.Name", t["Error." + result.Error].Value);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["Offers.Created", result.Offer!.Name].Value;
        return Redirect("/Marketplace/Offers/" + result.Offer.Id);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Offers = await service.ListAsync(User.OrganizationId()!.Value, null, cancellationToken);
        CanPublish = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.OffersPublish))).Succeeded;
    }
}
