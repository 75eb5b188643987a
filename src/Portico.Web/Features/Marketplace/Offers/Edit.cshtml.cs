using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace.Offers;

/// <summary>
/// One offer: its listing and pricing (editable with <c>offers</c>, also while published) and, for holders of
/// <c>offers.publish</c> in a verified organization, Publish or Unpublish.
/// </summary>
/// <remarks>
/// The publish handlers check <c>offers.publish</c> themselves: the page policy only asks for <c>offers</c>. A user
/// without it (or in an unverified organization) is sent to the explained Access denied page for that capability.
/// </remarks>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Offers)]
public sealed class EditModel(OfferService service, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public OfferForm Input { get; set; } = new();

    /// <summary>The version the form was rendered from; a save or status change against a newer one is refused.</summary>
    [BindProperty]
    public Guid Version { get; set; }

    public OfferView Offer { get; private set; } = null!;

    public bool CanPublish { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = OfferForm.From(Offer);
        Version = Offer.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await service.UpdateAsync(orgId, id, User, input, Version, cancellationToken);
            if (result.Error == OfferErrors.OfferNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = t["Offers.Saved", result.Offer!.Name].Value;
                return Redirect("/Marketplace/Offers/" + id);
            }

            if (result.Fields is { Count: > 0 } fields)
            {
                OfferForm.AddErrors(ModelState, fields, t);
            }
            else
            {
                ModelState.AddModelError(result.Error == OfferErrors.NameTaken ? "Input.Name" : "", t["Error." + result.Error].Value);
            }
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Note: the posted values stay in the form; the version moves on only when the user reloads the offer.
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken cancellationToken) => SetPublishedAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostUnpublishAsync(Guid id, CancellationToken cancellationToken) => SetPublishedAsync(id, false, cancellationToken);

    private async Task<IActionResult> SetPublishedAsync(Guid id, bool publish, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.OffersPublish))).Succeeded)
        {
            return Forbid();
        }

        var result = await service.SetPublishedAsync(User.OrganizationId()!.Value, id, User, publish, Version, cancellationToken);
        if (result.Error == OfferErrors.OfferNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded
            ? t[publish ? "Offers.Published" : "Offers.Unpublished", result.Offer!.Name].Value
            : t["Error." + result.Error].Value;
        return Redirect("/Marketplace/Offers/" + id);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(User.OrganizationId()!.Value, id, cancellationToken) is not { } offer)
        {
            return false;
        }

        Offer = offer;
        CanPublish = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.OffersPublish))).Succeeded;
        return true;
    }
}
