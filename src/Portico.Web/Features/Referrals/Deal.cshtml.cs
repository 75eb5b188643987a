using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Referrals;

/// <summary>
/// One deal: its facts, the edit form and the status change. A deal outside the caller's <see cref="ReferralsScope"/>
/// answers 404 like one that does not exist.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Referrals)]
public sealed class DealModel(AppDbContext db, DealService deals, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public DealForm Input { get; set; } = new();

    public DealView Deal { get; private set; } = null!;

    public ReferralsScope Scope { get; private set; } = null!;

    public IReadOnlyList<(Guid Id, string Name)> Locations { get; private set; } = [];

    /// <summary>Accounts the caller may give this deal to (empty unless they manage its location).</summary>
    public IReadOnlyList<DealOwnerOption> Owners { get; private set; } = [];

    public IReadOnlyList<DealStatus> NextStatuses { get; private set; } = [];

    /// <summary>The close reason and note of a refused status change, shown again so nothing typed is lost.</summary>
    public (string? Reason, string? Note) Posted { get; private set; }

    /// <summary>True when the deal is Won, Lost or Declined and can no longer change.</summary>
    public bool Closed => NextStatuses.Count == 0;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = DealForm.From(Deal);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await deals.UpdateAsync(OrgId, id, User, input, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Deals.Saved"].Value;
                return RedirectToPage(new { id });
            }

            if (result.Error == DealErrors.DealNotFound)
            {
                return NotFound();
            }

            DealForm.AddErrors(ModelState, t, result);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostStatusAsync(
        Guid id, string? status, string? closeReason, string? note, Guid? version, CancellationToken cancellationToken)
    {
        var result = await deals.ChangeStatusAsync(OrgId, id, User, new DealStatusChange(status, closeReason, note, version), cancellationToken);
        if (result.Error == DealErrors.DealNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t["Deals.StatusChanged", t["DealStatus." + result.Deal!.Status].Value].Value;
            return RedirectToPage(new { id });
        }

        DealForm.AddErrors(ModelState, t, result, prefix: "");
        Posted = (closeReason, note);
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = DealForm.From(Deal);
        return Page();
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Scope = ReferralsScope.For(User, OrgId);
        if (await deals.GetAsync(OrgId, Scope, id, cancellationToken) is not { } deal)
        {
            return false;
        }

        Deal = deal;
        Locations = await IndexModel.PlaceableLocationsAsync(db, OrgId, Scope, cancellationToken);
        Owners = Scope.Manages(deal.LocationId) ? await deals.OwnerOptionsAsync(OrgId, cancellationToken) : [];
        if (Owners.Count > 0 && !Owners.Any(o => o.Id == deal.OwnerId) && deal.OwnerName is not null)
        {
            // Note: keep the current owner selectable even if they no longer hold a Referrals role, so saving other
            // fields does not silently reassign the deal.
            Owners = [new DealOwnerOption(deal.OwnerId, deal.OwnerName, true, []), .. Owners];
        }

        NextStatuses = Enum.TryParse<DealStatus>(deal.Status, out var status) ? DealService.NextStatuses(status) : [];
        return true;
    }
}
