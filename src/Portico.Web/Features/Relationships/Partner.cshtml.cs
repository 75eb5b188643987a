using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// Partner relationships (customer side, SPEC §7): reseller invitations to accept or decline, delegated-admin
/// requests shown exactly as asked (who, which roles and what each opens, for how long, auto-extend) to approve or
/// decline, active relationships with the provider's assigned agents, to terminate, and the providers themselves, whose
/// reseller relationship the Global admin may end.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Relationships)]
public sealed class PartnerModel(RelationshipQueries queries, RelationshipService service, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<ResellerRelationshipResponse> Providers { get; private set; } = [];

    public IReadOnlyList<DelegatedAdminRelationshipResponse> Relationships { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Providers = await queries.ResellerAsync(OrgId, asProvider: false, asReseller: true, cancellationToken);
        Relationships = await queries.DelegatedAdminAsync(OrgId, asProvider: false, asCustomer: true, cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken cancellationToken) => ResellerAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostDeclineInvitationAsync(Guid id, CancellationToken cancellationToken) => ResellerAsync(id, false, cancellationToken);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostDeclineAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, false, cancellationToken);

    public async Task<IActionResult> OnPostTerminateAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await service.TerminateAsync(OrgId, id, User, asProvider: false, asCustomer: true, cancellationToken);
        TempData["Status"] = result.Succeeded ? t["Relationships.Terminated", result.Value!.DisplayName].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndResellerAsync(Guid id, bool confirm, CancellationToken cancellationToken)
    {
        if (!confirm)
        {
            TempData["Status"] = t["ResellerEnd.ConfirmRequired"].Value;
            return RedirectToPage();
        }

        var result = await service.EndResellerAsync(OrgId, id, User, asProvider: false, asReseller: true, cancellationToken);
        var name = result.Succeeded
            ? (await queries.ResellerAsync(OrgId, asProvider: false, asReseller: true, cancellationToken, id)).Single().ProviderName
            : "";
        TempData["Status"] = result.Succeeded ? t["ResellerEnd.Done", name].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    /// <summary>What the Partner page explains before the relationship with a provider is ended.</summary>
    public string EndExplanation(ResellerRelationshipResponse provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var ending = Relationships.Count(r => r.ProviderOrganizationId == provider.ProviderOrganizationId
            && r.Status is nameof(DelegatedAdminRelationshipStatus.Active) or nameof(DelegatedAdminRelationshipStatus.ApprovalPending));
        return t["ResellerEnd.ExplainProvider", provider.ProviderName, ending].Value;
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private async Task<IActionResult> ResellerAsync(Guid id, bool accept, CancellationToken cancellationToken)
    {
        var result = await service.DecideResellerAsync(OrgId, id, User, accept, cancellationToken);
        TempData["Status"] = result.Succeeded ? t[accept ? "Relationships.InvitationAccepted" : "Relationships.InvitationDeclined"].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, CancellationToken cancellationToken)
    {
        var result = await service.DecideDelegatedAdminAsync(OrgId, id, User, approve, cancellationToken);
        TempData["Status"] = result.Succeeded
            ? t[approve ? "Relationships.Approved" : "Relationships.Declined", result.Value!.DisplayName].Value
            : t["Error." + result.Error].Value;
        return RedirectToPage();
    }
}
