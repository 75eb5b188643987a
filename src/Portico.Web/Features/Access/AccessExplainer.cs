using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Resources;

namespace Portico.Web.Features.Access;

/// <summary>One explained check; <paramref name="Link"/> is the page where a failed check can be fixed (e.g. Verification).</summary>
public sealed record ExplainedCheck(string Check, bool Passed, string? Detail, string Message, string? Link = null);

public sealed record ExplainedRole(string Role, string Name);

public sealed record Grantor(Guid AccountId, string DisplayName, string Role, string RoleName);

/// <summary>
/// The decision tree for one capability (SPEC §1 "no dead ends"): each check with its outcome and a sentence a person
/// can act on, the roles that would open it, and the people in the organization who can grant one of them.
/// </summary>
public sealed record AccessExplanation(
    string Capability,
    string CapabilityName,
    bool Allowed,
    Guid? OrganizationId,
    IReadOnlyList<ExplainedCheck> Checks,
    IReadOnlyList<ExplainedRole> GrantingRoles,
    IReadOnlyList<Grantor> Grantors);

/// <summary>Turns an <see cref="AccessDecision"/> into an <see cref="AccessExplanation"/> in the request's language.</summary>
/// <remarks>
/// Understands delegation (SPEC §7): a decision made through a delegated-admin relationship names the relationship,
/// the relationship roles that would open the capability (<c>grantingRoles</c>), and as grantors the people in the
/// caller's own (provider) organization who assign relationship roles.
/// </remarks>
public sealed class AccessExplainer(AppDbContext db, IStringLocalizer<SharedResource> t, Relationships.DelegatedAccessResolver delegations)
{
    /// <param name="providerOrganizationId">For a delegated decision: the provider organization whose agents' roles are assigned there.</param>
    public async Task<AccessExplanation> ExplainAsync(
        AccessDecision decision, Guid? organizationId, CancellationToken cancellationToken, Guid? providerOrganizationId = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var checks = decision.Checks
            .Select(c => new ExplainedCheck(c.Check, c.Passed, c.Detail, Message(c), c.Passed ? null : FixLink(c.Check)))
            .ToList();
        if (CapabilityHandler.IsDelegated(decision))
        {
            var delegable = decision.GrantingRoles.Select(r => new ExplainedRole(r, t["DelegableRole." + r])).ToList();
            var assigners = providerOrganizationId is { } provider
                ? await HoldersAsync(provider, AccessCatalog.RolesOpening[Capabilities.DelegatedAdmin], cancellationToken)
                : [];
            return new AccessExplanation(decision.Capability, t["Capability." + decision.Capability], decision.Allowed, organizationId, checks, delegable, assigners);
        }

        var roles = decision.GrantingRoles.Select(r => new ExplainedRole(r, t["Role." + r])).ToList();
        var grantors = organizationId is { } orgId ? await GrantorsAsync(orgId, decision.GrantingRoles, cancellationToken) : [];
        return new AccessExplanation(decision.Capability, t["Capability." + decision.Capability], decision.Allowed, organizationId, checks, roles, grantors);
    }

    /// <summary>Evaluates <paramref name="capability"/> for a stored account (not the caller), from its roles in the database.</summary>
    public async Task<AccessDecision?> EvaluateForAccountAsync(string capability, Guid accountId, Guid? organizationId, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { a.Kind, a.OrganizationId, Roles = a.RoleAssignments.Select(r => new RoleGrant(r.Role, r.LocationId)).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return null;
        }

        var orgId = organizationId ?? account.OrganizationId;
        var facts = orgId is { } id ? await CapabilityHandler.LoadFactsAsync(db, id, cancellationToken) : null;

        // Note: MFA belongs to a session; for another person the explainer assumes it will be done at sign-in.
        var subject = new AccessSubject(account.Kind, account.OrganizationId, account.Roles.Select(r => r.ToString()).ToList(), MfaCompleted: true);
        var decision = AccessEvaluator.Evaluate(capability, subject, facts);

        // Note: in another organization, access can come from a delegated-admin relationship (SPEC §7): say so, and
        // which relationship role is missing.
        if (!decision.Allowed && facts is not null && account.Kind == AccountKind.Work && account.OrganizationId is { } providerId && providerId != facts.Id
            && AccessEvaluator.HoldsAny(subject.Roles, AccessCatalog.AgentRoles))
        {
            var providerName = await db.Organizations.AsNoTracking().Where(o => o.Id == providerId).Select(o => o.DisplayName).SingleAsync(cancellationToken);
            var delegation = await delegations.ResolveForAsync(accountId, providerId, providerName, subject.Roles, facts.Id, cancellationToken);
            decision = AccessEvaluator.EvaluateDelegated(capability, subject, facts, delegation);
        }

        return decision;
    }

    /// <summary>Unblocked work accounts of the organization holding one of <paramref name="roles"/> org-wide.</summary>
    private async Task<IReadOnlyList<Grantor>> HoldersAsync(Guid organizationId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && r.LocationId == null && roles.Contains(r.Role))
            .Join(db.Users.Where(a => !a.IsBlocked && a.Kind == AccountKind.Work), r => r.AccountId, a => a.Id, (r, a) => new { a.Id, a.DisplayName, r.Role })
            .OrderBy(x => x.DisplayName)
            .Take(50)
            .ToListAsync(cancellationToken);
        return rows.GroupBy(x => x.Id)
            .Select(g => g.OrderBy(x => roles.ToList().IndexOf(x.Role)).First())
            .Select(x => new Grantor(x.Id, x.DisplayName, x.Role, t["Role." + x.Role]))
            .ToList();
    }

    /// <summary>People in the organization who hold (org-wide, unblocked) a role that may grant one of <paramref name="grantingRoles"/>.</summary>
    public async Task<IReadOnlyList<Grantor>> GrantorsAsync(Guid organizationId, IReadOnlyList<string> grantingRoles, CancellationToken cancellationToken)
    {
        var grantorRoles = AccessCatalog.RoleList
            .Where(r => r.Grants.Any(grantingRoles.Contains))
            .Select(r => r.Id)
            .ToList();
        if (grantorRoles.Count == 0)
        {
            return [];
        }

        var rows = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.OrganizationId == organizationId && r.LocationId == null && grantorRoles.Contains(r.Role))
            .Join(db.Users.Where(a => !a.IsBlocked && a.Kind == AccountKind.Work), r => r.AccountId, a => a.Id, (r, a) => new { a.Id, a.DisplayName, r.Role })
            .OrderBy(x => x.DisplayName)
            .Take(50)
            .ToListAsync(cancellationToken);

        // Note: one line per person, with the most powerful granting role (catalog order puts GlobalAdmin first).
        return rows
            .GroupBy(x => x.Id)
            .Select(g => g.OrderBy(x => grantorRoles.IndexOf(x.Role)).First())
            .Select(x => new Grantor(x.Id, x.DisplayName, x.Role, t["Role." + x.Role]))
            .ToList();
    }

    /// <summary>
    /// Where a failed check is fixed: Verification for an unverified organization; Security info for MFA (only an
    /// account without a method signs in without MFA, and registering an authenticator app completes MFA for the
    /// session that does it).
    /// </summary>
    public static string? FixLink(string check) => check switch
    {
        AccessChecks.Verification => "/Verification",
        AccessChecks.Mfa => "/Profile/SecurityInfo",
        _ => null,
    };

    private string Message(AccessCheck check) =>
        t[$"Check.{check.Check}.{(check.Passed ? "Passed" : "Failed")}", check.Detail is null ? "" : DetailText(check)];

    private string DetailText(AccessCheck check) => check.Check switch
    {
        AccessChecks.Role => string.Join(", ", (check.Detail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => t["Role." + r].Value)),
        AccessChecks.RelationshipRole => string.Join(", ", (check.Detail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => t["DelegableRole." + r].Value)),
        AccessChecks.ProgramEnrollment => t["Program." + check.Detail],
        AccessChecks.WorkAccount or AccessChecks.StaffAccount => t["AccountKind." + check.Detail],
        _ => check.Detail ?? "",
    };
}
