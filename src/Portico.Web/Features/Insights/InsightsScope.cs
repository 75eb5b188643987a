using System.Security.Claims;
using Portico.Web.Authorization;

namespace Portico.Web.Features.Insights;

/// <summary>
/// Which figures of the route's organization the caller may see in Insights, from the roles on the session (SPEC §2:
/// <c>ExecutiveReportViewer</c> all reports, <c>ReportViewer</c> reports without revenue, both assignable per location;
/// <c>PartnerProgramAdmin</c> opens insights organization-wide without revenue; Global admins see everything).
/// </summary>
/// <remarks>
/// The capability policy has already admitted the caller; this narrows the data. Blocks two leaks: a location-scoped
/// viewer reading another location's (or organization-wide) deals, and revenue reaching anyone whose executive role
/// does not cover every deal the report counts. A caller from another organization holds no Insights role here and
/// sees no record.
/// </remarks>
public sealed record InsightsScope(bool OrganizationWide, IReadOnlySet<Guid> Locations, bool OrganizationExecutive, IReadOnlySet<Guid> ExecutiveLocations)
{
    public static InsightsScope For(ClaimsPrincipal user, Guid organizationId)
    {
        var roles = AreaRoles.Of(user, organizationId, Roles.ExecutiveReportViewer, Roles.ReportViewer, Roles.PartnerProgramAdmin);
        return new InsightsScope(roles.OrganizationWide, roles.Locations, roles.OrganizationAdmin, roles.AdminLocations);
    }

    /// <summary>
    /// True when the reports may carry money: every deal they count is under an executive role (organization-wide, or
    /// each of the caller's locations), so a mixed holder never sees revenue of a location they only view.
    /// </summary>
    public bool IncludesRevenue => OrganizationExecutive || (!OrganizationWide && Locations.Count > 0 && Locations.IsSubsetOf(ExecutiveLocations));

    /// <summary>
    /// Note: offers belong to the whole organization, not to a location, so only an organization-wide Insights role
    /// opens the Marketplace report; a location's viewer would otherwise read figures of every location.
    /// </summary>
    public bool SeesOffers => OrganizationWide;
}
