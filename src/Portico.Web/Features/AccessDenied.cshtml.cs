using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

/// <summary>
/// Where a page request that the policies refused lands (SPEC §1 "no dead ends"): which checks failed, which roles
/// would open the page, and who in the user's own organization can grant one of them.
/// </summary>
/// <remarks>
/// The decision is evaluated again here for the signed-in user only (the capability comes from the forbidden
/// redirect), so the query string cannot reveal anything about another person or organization. Only names of
/// people in the user's own organization are shown.
/// </remarks>
public sealed class AccessDeniedModel(AppDbContext db) : PageModel
{
    public const int MaxGrantors = 20;

    public sealed record Grantor(string DisplayName, string Role);

    public string ReturnUrl { get; private set; } = "/";

    public AccessDecision? Decision { get; private set; }

    public bool AnyMember { get; private set; }

    public bool Personal => User.Kind() != AccountKind.Work;

    public IReadOnlyList<Grantor> Grantors { get; private set; } = [];

    public async Task OnGetAsync(string? capability, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = Features.SignIn.IndexModel.SafeReturnUrl(returnUrl);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (capability is null || !AccessCatalog.CapabilityById.TryGetValue(capability, out var definition))
        {
            return;
        }

        var organizationId = User.OrganizationId();
        var facts = organizationId is { } id ? await CapabilityHandler.LoadFactsAsync(db, id, cancellationToken) : null;
        Decision = AccessEvaluator.Evaluate(capability, CapabilityHandler.Subject(User), facts);
        AnyMember = definition.AnyMember;
        if (organizationId is not { } orgId || Decision.Allowed)
        {
            return;
        }

        // Roles whose holders may grant one of the roles that open the capability.
        var opening = Decision.GrantingRoles;
        var granting = AccessCatalog.RoleList.Where(r => r.Grants.Any(opening.Contains)).Select(r => r.Id).ToList();
        var me = User.AccountId();
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == orgId && granting.Contains(r.Role) && r.AccountId != me)
            .Join(db.Users.Where(a => a.Kind == AccountKind.Work && a.OrganizationId == orgId && !a.IsBlocked),
                r => r.AccountId, a => a.Id, (r, a) => new { a.Id, a.DisplayName, r.Role })
            .OrderBy(x => x.DisplayName).ThenBy(x => x.Id)
            .Take(MaxGrantors * 4)
            .ToListAsync(cancellationToken);

        // One line per person, naming the most senior granting role they hold (catalog order).
        Grantors = rows.GroupBy(r => r.Id)
            .Select(g => new Grantor(g.First().DisplayName, g.Select(x => x.Role).OrderBy(granting.IndexOf).First()))
            .Take(MaxGrantors)
            .ToList();
    }
}
