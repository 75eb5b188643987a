using System.Security.Claims;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Incentives;

/// <summary>
/// Which earnings lines of the route's organization the caller sees, and which they may dispute, from the roles on the
/// session (SPEC §2: <c>IncentivesAdmin</c> manages, <c>IncentivesUser</c> views, both assignable per location).
/// </summary>
/// <remarks>
/// Organization-wide roles and Global admins see every line. A role held for a location shows that location's lines
/// only, not the organization-wide ones: those are the headquarters' earnings (paid to the organization's own Partner
/// ID) and a person trusted with one location has no need to know them, the same way a location's Referrals admin does
/// not see organization-wide deals. A caller from another organization (a provider's agent acting through a
/// delegated-admin relationship) holds no Incentives role here and sees nothing.
/// </remarks>
public sealed record IncentivesScope(
    Guid AccountId,
    bool Member,
    bool OrganizationWide,
    bool OrganizationAdmin,
    IReadOnlySet<Guid> Locations,
    IReadOnlySet<Guid> AdminLocations)
{
    public static IncentivesScope For(ClaimsPrincipal user, Guid organizationId)
    {
        var roles = AreaRoles.Of(user, organizationId, Roles.IncentivesAdmin, Roles.IncentivesUser);
        return new IncentivesScope(user.AccountId() ?? Guid.Empty, roles.Member, roles.OrganizationWide, roles.OrganizationAdmin, roles.Locations, roles.AdminLocations);
    }

    public bool CanSee(Guid? locationId) => Member && (OrganizationWide || (locationId is { } l && Locations.Contains(l)));

    /// <summary>True when the caller may open, comment on and withdraw disputes of lines at <paramref name="locationId"/>.</summary>
    public bool Manages(Guid? locationId) => Member && (OrganizationAdmin || (locationId is { } l && AdminLocations.Contains(l)));

    public bool IsAdmin => OrganizationAdmin || AdminLocations.Count > 0;
}
