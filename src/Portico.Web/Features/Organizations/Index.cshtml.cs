using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Organizations;

/// <summary>The signed-in user's organization profile at <c>/Organization</c> (the same data as <c>GET /api/v1/orgs/{orgId}</c>).</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Organization)]
public sealed class IndexModel(AppDbContext db, IAuthorizationService authorization, SecurityPolicyService policies) : PageModel
{
    public OrganizationResponse Profile { get; private set; } = null!;

    /// <summary>The sign-in security policy, shown (with a link to change it) only to holders of <c>organization.security</c>.</summary>
    public SecurityPolicyResponse? Security { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Note: the policy has already checked membership of this organization (the user's own).
        var profile = await OrganizationsApi.ProfileAsync(db, User.OrganizationId()!.Value, cancellationToken);
        if (profile is null)
        {
            return NotFound();
        }

        Profile = profile;
        if ((await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.OrganizationSecurity))).Succeeded)
        {
            Security = await policies.GetAsync(profile.Id, cancellationToken);
        }

        return Page();
    }

    /// <summary>The country's name in the current language, with its ISO code.</summary>
    public static string CountryName(string code)
    {
        try
        {
            var region = new RegionInfo(code);
            return $"{region.DisplayName} ({region.TwoLetterISORegionName})";
        }
        catch (ArgumentException)
        {
            return code;
        }
    }
}
