using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;

namespace Portico.Web.Features.Users;

/// <summary>Account settings → User management: search, filter and page through the organization's users.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Users)]
public sealed class IndexModel(UserQueries queries, IAuthorizationService authorization) : PageModel
{
    public string Prefix => this.PathPrefix();

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Role { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public UserPage Users { get; private set; } = new([], null);

    public bool CanManage { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var orgId = this.WorkingOrganizationId();

        // Note: unknown filter values are ignored rather than failing the page.
        var role = Role is not null && AccessCatalog.IsRole(Role) ? Role : null;
        var status = Status is not null && UserStatuses.All.Contains(Status) ? Status : null;
        var query = Query is { Length: > 200 } ? Query[..200] : Query;
        Users = await queries.ListAsync(orgId, new UserListFilter(query, role, status, UserQueries.DecodeCursor(Cursor) is null ? null : Cursor, 25), cancellationToken);
        CanManage = (await authorization.AuthorizeAsync(User, CapabilityPolicyProvider.For(Capabilities.UsersManage))).Succeeded;
        return Page();
    }
}
