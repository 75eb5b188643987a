using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Access;

/// <summary>
/// My access (SPEC §6): the user's roles, what each program area opens for them and why not where it does not, who
/// can grant more, one-click access requests, and the user's own requests.
/// </summary>
public sealed class IndexModel(AppDbContext db, AccessExplainer explainer, AccessRequestService requests, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed record Area(string Key, IReadOnlyList<AccessExplanation> Capabilities);

    public IReadOnlyList<(string Role, string? Location)> Roles { get; private set; } = [];

    public IReadOnlyList<Area> Areas { get; private set; } = [];

    public IReadOnlyList<AccessRequestView> MyRequests { get; private set; } = [];

    public int DecidableCount { get; private set; }

    public bool WorkAccount => User.Kind() == AccountKind.Work;

    public Guid? AccountId => User.AccountId();

    /// <summary>Capabilities the user already asked for and that wait for a decision (no second request offered).</summary>
    public IReadOnlySet<string> PendingCapabilities { get; private set; } = new HashSet<string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId();
        var locations = orgId is { } o
            ? await db.Locations.AsNoTracking().Where(l => l.OrganizationId == o).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken)
            : [];
        Roles = User.FindAll(PorticoClaims.Role)
            .Select(c => RoleGrant.Parse(c.Value))
            .Select(g => (g.Role, g.LocationId is { } l && locations.TryGetValue(l, out var name) ? name : null))
            .ToList();

        var facts = orgId is { } id ? await CapabilityHandler.LoadFactsAsync(db, id, cancellationToken) : null;
        var subject = CapabilityHandler.Subject(User);
        var areas = new List<Area>();
        foreach (var group in AccessCatalog.CapabilityList.GroupBy(c => c.Program ?? "Tenant"))
        {
            var explained = new List<AccessExplanation>();
            foreach (var capability in group)
            {
                explained.Add(await explainer.ExplainAsync(AccessEvaluator.Evaluate(capability.Id, subject, facts), orgId, cancellationToken));
            }

            areas.Add(new Area(group.Key, explained));
        }

        Areas = areas;
        if (orgId is { } org)
        {
            var visible = await requests.ListAsync(User, org, cancellationToken);
            var me = User.AccountId();
            MyRequests = visible.Where(r => r.RequesterId == me).ToList();
            PendingCapabilities = MyRequests.Where(r => r.Status == nameof(AccessRequestStatus.Pending) && r.Capability is not null)
                .Select(r => r.Capability!).ToHashSet();
            DecidableCount = visible.Count(r => r.RequesterId != me && r.Status == nameof(AccessRequestStatus.Pending));
        }
    }

    public async Task<IActionResult> OnPostRequestAsync(string? capability, string? role, string? reason, string? returnUrl, CancellationToken cancellationToken)
    {
        if (User.OrganizationId() is not { } orgId
            || (capability is not null && !AccessCatalog.IsCapability(capability))
            || (role is not null && !AccessCatalog.IsRole(role))
            || (capability is null) == (role is null))
        {
            return BadRequest();
        }

        reason = reason is { Length: > AccessRequest.ReasonMaxLength } ? reason[..AccessRequest.ReasonMaxLength] : reason;
        var result = await requests.CreateAsync(User, orgId, role, capability, reason ?? "", cancellationToken);
        TempData["Status"] = result.Succeeded ? t["Access.RequestSent"].Value : t["Error." + result.Error].Value;
        return RedirectToPage("/Access/Index");
    }
}
