using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// Admin relationships (provider side, SPEC §7): request a delegated-admin relationship from a customer, see every
/// relationship with its state, map relationship roles to the provider's Admin agents and Helpdesk agents, terminate.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.DelegatedAdmin)]
public sealed class AdminModel(AppDbContext db, RelationshipQueries queries, RelationshipService service, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public RequestInput Input { get; set; } = new();

    public sealed class RequestInput
    {
        public Guid? CustomerOrgId { get; set; }

        public string? DisplayName { get; set; }

        public List<string> Roles { get; set; } = [];

        public int? DurationDays { get; set; } = 90;

        public bool AutoExtend { get; set; }
    }

    public sealed record Agent(Guid Id, string DisplayName, string Email, IReadOnlyList<string> Roles);

    public IReadOnlyList<DelegatedAdminRelationshipResponse> Relationships { get; private set; } = [];

    /// <summary>Customers with an active reseller relationship (the ones a request can go to from this page).</summary>
    public IReadOnlyList<(Guid Id, string Name, string PartnerId)> Customers { get; private set; } = [];

    public IReadOnlyList<Agent> Agents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRequestAsync(CancellationToken cancellationToken)
    {
        var result = await service.RequestDelegatedAdminAsync(OrgId, User,
            new DelegatedAdminRequest(Input.CustomerOrgId, Input.DisplayName, Input.Roles, Input.DurationDays, Input.AutoExtend), cancellationToken);
        if (!result.Succeeded)
        {
            AddErrors(result.Fields, result.Error);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["Relationships.Requested", result.Value!.DisplayName].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid id, Guid? accountId, List<string>? roles, CancellationToken cancellationToken)
    {
        var result = await service.AssignAsync(OrgId, id, accountId, roles ?? [], User, cancellationToken);
        TempData["Status"] = result.Succeeded
            ? t["Relationships.AssignmentSaved"].Value
            : (result.Fields is { Count: > 0 } f ? t["Validation." + f[0].Code].Value : t["Error." + result.Error].Value);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTerminateAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await service.TerminateAsync(OrgId, id, User, asProvider: true, asCustomer: false, cancellationToken);
        TempData["Status"] = result.Succeeded ? t["Relationships.Terminated", result.Value!.DisplayName].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private void AddErrors(IReadOnlyList<(string Field, string Code)>? fields, string? error)
    {
        if (fields is { Count: > 0 })
        {
            foreach (var (field, code) in fields)
            {
                var key = field switch
                {
                    "customerOrgId" => "Input.CustomerOrgId",
                    "displayName" => "Input.DisplayName",
                    "roles" => "Input.Roles",
                    "durationDays" => "Input.DurationDays",
                    _ => "",
                };
                ModelState.AddModelError(key, t["Relationships.Field." + field] + ": " + t["Validation." + code]);
            }

            return;
        }

        ModelState.AddModelError("", t["Error." + error]);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Relationships = await queries.DelegatedAdminAsync(OrgId, asProvider: true, asCustomer: false, cancellationToken);
        Customers = (await queries.ResellerAsync(OrgId, asProvider: true, asReseller: false, cancellationToken))
            .Where(r => r.Status == nameof(ResellerRelationshipStatus.Active))
            .Select(r => (r.ResellerOrganizationId, r.ResellerName, r.ResellerPartnerId))
            .ToList();
        var agentRoles = AccessCatalog.AgentRoles.ToList();
        var agents = await db.Users.AsNoTracking()
            .Where(a => a.OrganizationId == OrgId && a.Kind == AccountKind.Work && !a.IsBlocked
                && a.RoleAssignments.Any(r => r.LocationId == null && agentRoles.Contains(r.Role)))
            .OrderBy(a => a.DisplayName)
            .Select(a => new { a.Id, a.DisplayName, a.Email, Roles = a.RoleAssignments.Where(r => agentRoles.Contains(r.Role)).Select(r => r.Role).ToList() })
            .Take(500)
            .ToListAsync(cancellationToken);
        Agents = [.. agents.Select(a => new Agent(a.Id, a.DisplayName, a.Email ?? "", a.Roles))];
    }
}
