using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Relationships;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Customers;

/// <summary>
/// Customers (the <c>customers</c> capability, SPEC §7): the provider's customers with their reseller and
/// delegated-admin relationship state, an invitation by Partner ID, and — for agents with assigned relationship
/// roles — the way into the customer organization's own pages.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Customers)]
public sealed class IndexModel(
    RelationshipQueries queries, RelationshipService service, DelegatedAccessResolver delegations, IAuthorizationService authorization,
    IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.required")]
    [StringLength(7, MinimumLength = 7, ErrorMessage = "Validation.invalid_value")]
    [RegularExpression("^[0-9]{7}$", ErrorMessage = "Validation.invalid_value")]
    public string? PartnerId { get; set; }

    public IReadOnlyList<CustomerResponse> Customers { get; private set; } = [];

    public bool CanInvite { get; private set; }

    /// <summary>A Global admin of this organization: may end an active customer relationship.</summary>
    public bool CanEnd { get; private set; }

    /// <summary>Customer organization id → the caller's relationship roles there (only customers where the caller has some).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyCollection<string>> MyAccess { get; private set; } = new Dictionary<Guid, IReadOnlyCollection<string>>();

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.CustomersInvite))).Succeeded)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = await service.InviteResellerAsync(User.OrganizationId()!.Value, User, PartnerId, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(PartnerId), result.Fields is { Count: > 0 } f ? t["Validation." + f[0].Code] : t["Error." + result.Error]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["Customers.Invited", PartnerId!].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndResellerAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            TempData["Status"] = t["ResellerEnd.ConfirmRequired"].Value;
            return RedirectToPage();
        }

        var result = await service.EndResellerAsync(User.OrganizationId()!.Value, id, User, asProvider: true, asReseller: false, cancellationToken);
        TempData["Status"] = result.Succeeded ? t["ResellerEnd.Done", await NameAsync(id, cancellationToken)].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.CustomersInvite))).Succeeded)
        {
            return Forbid();
        }

        var result = await service.EndResellerAsync(User.OrganizationId()!.Value, id, User, asProvider: true, asReseller: false, cancellationToken);
        TempData["Status"] = result.Succeeded ? t["Customers.Withdrawn", await NameAsync(id, cancellationToken)].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    /// <summary>What the Customers page explains before a relationship is ended.</summary>
    public string EndExplanation(CustomerResponse customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var ending = customer.DelegatedAdmin.Count(d => d.Status is nameof(DelegatedAdminRelationshipStatus.Active) or nameof(DelegatedAdminRelationshipStatus.ApprovalPending));
        return t["ResellerEnd.ExplainCustomer", customer.Relationship.ResellerName, ending].Value;
    }

    private async Task<string> NameAsync(Guid id, CancellationToken cancellationToken) =>
        (await queries.ResellerAsync(User.OrganizationId()!.Value, asProvider: true, asReseller: false, cancellationToken, id)).SingleOrDefault()?.ResellerName ?? "";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        Customers = await queries.CustomersAsync(orgId, cancellationToken);
        CanInvite = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.CustomersInvite))).Succeeded;
        CanEnd = User.HasClaim(PorticoClaims.Role, Roles.GlobalAdmin);
        var access = new Dictionary<Guid, IReadOnlyCollection<string>>();
        foreach (var customer in Customers.Where(c => c.DelegatedAdmin.Any(d => d.Status == nameof(DelegatedAdminRelationshipStatus.Active))))
        {
            if (await delegations.ResolveAsync(User, customer.Relationship.ResellerOrganizationId, cancellationToken) is { } delegation)
            {
                access[customer.Relationship.ResellerOrganizationId] = delegation.Roles;
            }
        }

        MyAccess = access;
    }
}
