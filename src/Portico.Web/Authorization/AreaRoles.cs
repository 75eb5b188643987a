using System.Security.Claims;
using Portico.Web.Infrastructure;

namespace Portico.Web.Authorization;

/// <summary>
/// The roles of one program area a signed-in member holds in their own organization, organization-wide or per location
/// (SPEC §2 *L* roles): what the area scopes (Referrals, Incentives, Insights) narrow their records by.
/// </summary>
/// <param name="Member">The caller belongs to the organization asked about (an agent acting through a relationship does not).</param>
/// <param name="OrganizationWide">One of the area's roles is held organization-wide.</param>
/// <param name="OrganizationAdmin">The area's admin role (or Global admin) is held organization-wide.</param>
/// <param name="Locations">Locations where one of the area's roles is held.</param>
/// <param name="AdminLocations">Locations where the area's admin role is held.</param>
public sealed record AreaRoles(
    bool Member, bool OrganizationWide, bool OrganizationAdmin, IReadOnlySet<Guid> Locations, IReadOnlySet<Guid> AdminLocations)
{
    /// <param name="adminRole">The area's managing role; an organization-wide Global admin counts as it.</param>
    /// <param name="otherRoles">The area's other roles.</param>
    public static AreaRoles Of(ClaimsPrincipal user, Guid organizationId, string adminRole, params string[] otherRoles)
    {
        ArgumentNullException.ThrowIfNull(user);
        var member = user.OrganizationId() == organizationId;
        var locations = new HashSet<Guid>();
        var adminLocations = new HashSet<Guid>();
        bool organizationWide = false, organizationAdmin = false;
        foreach (var claim in member ? user.FindAll(PorticoClaims.Role) : [])
        {
            var grant = RoleGrant.Parse(claim.Value);
            var admin = grant.Role == adminRole || (grant.Role == Roles.GlobalAdmin && grant.LocationId is null);
            if (!admin && !otherRoles.Contains(grant.Role))
            {
                continue;
            }

            if (grant.LocationId is { } id)
            {
                locations.Add(id);
                if (admin)
                {
                    adminLocations.Add(id);
                }
            }
            else
            {
                organizationWide = true;
                organizationAdmin |= admin;
            }
        }

        return new AreaRoles(member, organizationWide, organizationAdmin, locations, adminLocations);
    }
}
