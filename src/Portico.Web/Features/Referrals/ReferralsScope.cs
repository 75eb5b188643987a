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
        ArgumentNullException.ThrowIfNull(user);
        var member = user.OrganizationId() == organizationId;
        var adminLocations = new HashSet<Guid>();
        var roleLocations = new HashSet<Guid>();
        bool organizationAdmin = false, organizationRole = false;
        foreach (var claim in member ? user.FindAll(PorticoClaims.Role) : [])
        {
            var at = claim.Value.IndexOf('@', StringComparison.Ordinal);
            var role = at < 0 ? claim.Value : claim.Value[..at];
            Guid? location = at >= 0 && Guid.TryParse(claim.Value[(at + 1)..], out var l) ? l : null;
            var admin = role is Roles.ReferralsAdmin || (role is Roles.GlobalAdmin && location is null);
            if (!admin && role is not Roles.ReferralsUser)
            {
                continue;
            }

            if (location is { } id)
            {
                roleLocations.Add(id);
                if (admin)
                {
                    adminLocations.Add(id);
                }
            }
            else
            {
                organizationRole = true;
                organizationAdmin |= admin;
            }
        }

        return new ReferralsScope(user.AccountId() ?? Guid.Empty, member, organizationAdmin, adminLocations, organizationRole, roleLocations);
    }

    /// <summary>True when the caller manages every deal of <paramref name="locationId"/> (an admin there or org-wide).</summary>
    public bool Manages(Guid? locationId) => OrganizationAdmin || (locationId is { } l && AdminLocations.Contains(l));

    public bool IsAdmin => OrganizationAdmin || AdminLocations.Count > 0;

    public bool CanSee(Deal deal) => deal.OwnerAccountId == AccountId || Manages(deal.LocationId);

    /// <summary>True when the caller may put a deal at <paramref name="locationId"/> (null: organization-wide).</summary>
    public bool CanPlace(Guid? locationId) => OrganizationRole || (locationId is { } l && RoleLocations.Contains(l));
}
