using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Users;

/// <summary>Edit user: roles (with location scope), block/unblock, reset password, delete.</summary>
/// <remarks>
/// The page policy is <c>users</c>; each write handler checks its own capability with the same policy names as the
/// API, and the service applies the target-dependent rules. Role edits carry the concurrency stamp the page was
/// rendered with, so a concurrent edit is reported (with the current state) instead of overwritten.
/// </remarks>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Users)]
public sealed class EditModel(
    AppDbContext db, UserQueries queries, UserManagementService service, IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public Dictionary<string, string> Roles { get; set; } = [];

    [BindProperty]
    public string? ConcurrencyStamp { get; set; }

    [BindProperty]
    public bool ConfirmDelete { get; set; }

    public UserRow? Target { get; private set; }

    public RolePicker Picker { get; private set; } = new([], []);

    public bool CanManage { get; private set; }

    public bool CanResetPassword { get; private set; }

    public bool IsSelf => User.AccountId() == Id;

    public string Prefix => this.PathPrefix();

    /// <summary>The customer organization in the route, when acting on behalf of it (forms post back to it).</summary>
    public Guid? CustomerOrgId => Prefix.Length > 0 ? this.RouteOrganizationId() : null;

    public string? TemporaryPassword { get; private set; }

    /// <summary>"Why can't this user see X?": the capability asked about, and the explainer's answer.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Explain { get; set; }

    public Access.AccessExplanation? Explanation { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromServices] Access.AccessExplainer explainer, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Explain is not null && AccessCatalog.IsCapability(Explain)
            && await explainer.EvaluateForAccountAsync(Explain, Id, OrgId, cancellationToken) is { } decision)
        {
            Explanation = await explainer.ExplainAsync(decision, OrgId, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        var held = Target!.Roles.Select(r => new RoleGrant(r.Role, r.LocationId)).ToList();
        var requested = RolePicker.Read(Roles, held, GrantRules.GrantableBy(service.ActorRolesIn(User, OrgId)));
        var result = await service.SetRolesAsync(OrgId, Id, User, requested, ConcurrencyStamp, cancellationToken);
        return await AfterAsync(result, "Users.RolesSaved", cancellationToken);
    }

    public Task<IActionResult> OnPostBlockAsync(CancellationToken cancellationToken) => BlockAsync(true, cancellationToken);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken cancellationToken) => BlockAsync(false, cancellationToken);

    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersResetPassword))).Succeeded)
        {
            return Forbid();
        }

        var result = await service.ResetPasswordAsync(OrgId, Id, User, cancellationToken);
        if (result.Succeeded)
        {
            // Note: rendered once in this response, never put in TempData or a redirect.
            TemporaryPassword = result.TemporaryPassword;
            await LoadAsync(cancellationToken);
            return Page();
        }

        return await AfterAsync(result, "", cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersManage))).Succeeded)
        {
            return Forbid();
        }

        if (!ConfirmDelete)
        {
            ModelState.AddModelError(nameof(ConfirmDelete), t["Users.ConfirmDeleteRequired"]);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        var result = await service.DeleteAsync(OrgId, Id, User, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t["Users.Deleted", result.Account!.DisplayName].Value;
            return Redirect(Prefix + "/Users");
        }

        return await AfterAsync(result, "", cancellationToken);
    }

    private Guid OrgId => this.WorkingOrganizationId();

    private async Task<IActionResult> BlockAsync(bool blocked, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersManage))).Succeeded)
        {
            return Forbid();
        }

        var result = await service.SetBlockedAsync(OrgId, Id, User, blocked, cancellationToken);
        return await AfterAsync(result, blocked ? "Users.BlockedDone" : "Users.UnblockedDone", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(UserCommandResult result, string statusKey, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            TempData["Status"] = t[statusKey].Value;
            return Redirect($"{Prefix}/Users/Edit/{Id}");
        }

        if (result.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        ModelState.AddModelError("", t["Error." + result.Error]);
        ModelState.Remove(nameof(ConcurrencyStamp));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Target = await queries.GetAsync(OrgId, Id, cancellationToken);
        if (Target is null)
        {
            return false;
        }

        ConcurrencyStamp = Target.ConcurrencyStamp;
        var locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == OrgId).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        Picker = RolePicker.Build(service.ActorRolesIn(User, OrgId),
            Target.Roles.Select(r => new RoleGrant(r.Role, r.LocationId)).ToList(),
            locations.Select(l => (l.Id, l.Name)).ToList());
        CanManage = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersManage))).Succeeded;
        CanResetPassword = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersResetPassword))).Succeeded;
        return true;
    }
}
