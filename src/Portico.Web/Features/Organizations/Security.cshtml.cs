using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Organizations;

/// <summary>
/// Organization → Security (<c>/Organization/Security</c>): the Global admin chooses whether MFA is required for
/// everyone or only for sensitive capabilities, and whether members may reset a forgotten password themselves.
/// </summary>
/// <remarks>The same rules and audit record as <c>PUT /api/v1/orgs/{orgId}/security-policy</c> (<see cref="SecurityPolicyService"/>).</remarks>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.OrganizationSecurity)]
public sealed class SecurityModel(SecurityPolicyService policies, AppDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public SecurityPolicyResponse Policy { get; private set; } = null!;

    /// <summary>The signed-in admin has no MFA method yet (so "Everyone" will ask them to register one too).</summary>
    public bool SelfWithoutMfa { get; private set; }

    public sealed class InputModel
    {
        public string? MfaPolicy { get; set; }

        /// <remarks>An unticked checkbox posts nothing, which binds as false.</remarks>
        public bool AllowSelfServicePasswordReset { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        Input = new InputModel { MfaPolicy = Policy.MfaPolicy, AllowSelfServicePasswordReset = Policy.AllowSelfServicePasswordReset };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!SecurityPolicyService.TryParseMfaPolicy(Input.MfaPolicy, out var mfaPolicy))
        {
            ModelState.AddModelError("Input.MfaPolicy", t["OrganizationSecurity.ChooseMfaPolicy"]);
            return await LoadAsync(cancellationToken) ? Page() : NotFound();
        }

        if (await policies.SetAsync(OrganizationId, mfaPolicy, Input.AllowSelfServicePasswordReset, cancellationToken) is not { } change)
        {
            return NotFound();
        }

        TempData["Status"] = t[change.Changed ? "OrganizationSecurity.Saved" : "OrganizationSecurity.Unchanged"].Value;
        return RedirectToPage();
    }

    private Guid OrganizationId => User.OrganizationId()!.Value;

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        // Note: the policy has already checked this account holds the capability in its own organization.
        if (await policies.GetAsync(OrganizationId, cancellationToken) is not { } policy)
        {
            return false;
        }

        Policy = policy;
        var accountId = User.AccountId()!.Value;
        SelfWithoutMfa = !await db.Users.AsNoTracking().AnyAsync(a => a.Id == accountId && a.TwoFactorEnabled, cancellationToken);
        return true;
    }
}
