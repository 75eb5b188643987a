using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Users;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Access;

/// <summary>Access requests the signed-in grantor may decide: approve or deny in one click (audited, requester emailed).</summary>
public sealed class RequestsModel(AccessRequestService requests, IStringLocalizer<SharedResource> t) : PageModel
{
    public IReadOnlyList<AccessRequestView> Pending { get; private set; } = [];

    public IReadOnlyList<AccessRequestView> Decided { get; private set; } = [];

    /// <summary>The role approving would grant when this person approves (the narrowest one they may grant).</summary>
    public string? RoleGrantedBy(AccessRequestView request) =>
        request.RolesThatWouldGrant.FirstOrDefault(GrantRules.GrantableBy(UserManagementService.ActorRoles(User)).Contains);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.OrganizationId() is not { } orgId)
        {
            // Note: accounts outside an organization have nothing to decide; the page says so.
            return Page();
        }

        var me = User.AccountId();
        var visible = (await requests.ListAsync(User, orgId, cancellationToken)).Where(r => r.RequesterId != me).ToList();
        Pending = visible.Where(r => r.Status == nameof(AccessRequestStatus.Pending)).ToList();
        Decided = visible.Where(r => r.Status != nameof(AccessRequestStatus.Pending)).Take(20).ToList();
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, true, cancellationToken);

    public Task<IActionResult> OnPostDenyAsync(Guid id, CancellationToken cancellationToken) => DecideAsync(id, false, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, CancellationToken cancellationToken)
    {
        if (User.OrganizationId() is not { } orgId)
        {
            return Forbid();
        }

        var result = await requests.DecideAsync(User, orgId, id, approve, role: null, cancellationToken);
        TempData["Status"] = result.Succeeded
            ? t[approve ? "Access.Approved" : "Access.Denied"].Value
            : t["Error." + result.Error].Value;
        return RedirectToPage();
    }
}
