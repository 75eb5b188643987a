using System.Security.Claims;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Referrals;

/// <summary>
/// Which deals of the route's organization the caller may see and manage, from the roles on the session (SPEC §2:
/// <c>ReferralsAdmin</c> all deals, <c>ReferralsUser</c> own deals, both assignable per location).
/// </summary>
/// <remarks>
/// The capability policy has already admitted the caller; this narrows what the area shows. Global admins hold every
/// capability and count as organization-wide admins. A caller from another organization (a provider's agent acting
/// through a delegated-admin relationship) holds no Referrals role here and sees no deal.
/// </remarks>
public sealed record ReferralsScope(
    Guid AccountId,
    bool Member,
    bool OrganizationAdmin,
    IReadOnlySet<Guid> AdminLocations,
    bool OrganizationRole,
    IReadOnlySet<Guid> RoleLocations)
{
    public static readonly IReadOnlyList<string> DealRoles = [Roles.ReferralsAdmin, Roles.ReferralsUser];

    public static ReferralsScope For(ClaimsPrincipal user, Guid organizationId)
    {
        var roles = AreaRoles.Of(user, organizationId, Roles.ReferralsAdmin, Roles.ReferralsUser);
        return new ReferralsScope(user.AccountId() ?? Guid.Empty, roles.Member, roles.OrganizationAdmin, roles.AdminLocations, roles.OrganizationWide, roles.Locations);
    }

    /// <summary>True when the caller manages every deal of <paramref name="locationId"/> (an admin there or org-wide).</summary>
    public bool Manages(Guid? locationId) => OrganizationAdmin || (locationId is { } l && AdminLocations.Contains(l));

    public bool IsAdmin => OrganizationAdmin || AdminLocations.Count > 0;

    public bool CanSee(Deal deal) => deal.OwnerAccountId == AccountId || Manages(deal.LocationId);

    /// <summary>True when the caller may put a deal at <paramref name="locationId"/> (null: organization-wide).</summary>
    public bool CanPlace(Guid? locationId) => OrganizationRole || (locationId is { } l && RoleLocations.Contains(l));
}
