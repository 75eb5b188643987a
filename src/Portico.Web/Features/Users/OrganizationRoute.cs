using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Users;

/// <summary>
/// Which organization a User management (or Audit log) page works on: the caller's own (<c>/Users…</c>) or, for a provider's agent
/// acting through a delegated-admin relationship, the customer named in the route (<c>/Orgs/{orgId}/Users…</c>) — the
/// same pages, with the same policies, which the authorization handler decides for that organization.
/// </summary>
public static class OrganizationRoute
{
    /// <summary>Page routes that put a customer organization in front of the User management pages.</summary>
    public static readonly IReadOnlyList<(string Page, string Route)> CustomerPageRoutes =
    [
        ("/Users/Index", "Orgs/{orgId:guid}/Users"),
        ("/Users/Add", "Orgs/{orgId:guid}/Users/Add"),
        ("/Users/Edit", "Orgs/{orgId:guid}/Users/Edit/{id:guid}"),
        ("/AuditLog/Index", "Orgs/{orgId:guid}/AuditLog"),
    ];

    public static Guid? RouteOrganizationId(this PageModel page) =>
        page.RouteData.Values.TryGetValue("orgId", out var value) && Guid.TryParse(value?.ToString(), out var id) ? id : null;

    /// <summary>The organization the page works on.</summary>
    public static Guid WorkingOrganizationId(this PageModel page) =>
        page.RouteOrganizationId() ?? page.User.OrganizationId() ?? Guid.Empty;

    /// <summary>The path prefix of the page's links: empty for the caller's own organization.</summary>
    public static string PathPrefix(this PageModel page) =>
        page.RouteOrganizationId() is { } id && id != page.User.OrganizationId() ? $"/Orgs/{id}" : "";
}
