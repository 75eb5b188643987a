using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Relationships;
using Portico.Web.Infrastructure;

namespace Portico.Web.Authorization;

/// <summary>
/// Requires a catalog capability (or one of several, policy <c>cap:a|b</c>) in the organization named by the route's
/// <c>{orgId}</c> (or the user's own).
/// </summary>
/// <remarks>
/// Blocks cross-tenant access (ID substitution in the URL) and privilege use without the role, program enrollment,
/// verification or MFA the catalog asks for. The decision is kept on the request so a 403 can explain it.
/// </remarks>
public sealed class CapabilityRequirement(params string[] capabilities) : IAuthorizationRequirement
{
    public const string PolicyPrefix = "cap:";

    /// <summary>Separates the capabilities of an any-of policy.</summary>
    public const char AnyOfSeparator = '|';

    public IReadOnlyList<string> Capabilities { get; } = capabilities;

    public string Capability => Capabilities[0];
}

/// <summary>Decides <see cref="CapabilityRequirement"/>: direct membership first, a delegated-admin relationship last.</summary>
/// <remarks>
/// Shape taken from Bitwarden's org-scoped requirements: the organization comes from the route; the caller's own roles
/// are checked first; only when they fail and the route names another organization is the relationship table queried
/// (lazily, once per request), and it opens only what the assigned relationship roles open, with MFA in the session.
/// Blocks a provider acting beyond the granted roles, after termination or expiry, or in an organization it has no
/// active relationship with.
/// </remarks>
public sealed class CapabilityHandler(AppDbContext db, IHttpContextAccessor accessor, DelegatedAccessResolver delegations)
    : AuthorizationHandler<CapabilityRequirement>
{
    public const string DecisionItemKey = "portico:access-decision";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        var http = accessor.HttpContext;
        var cancellationToken = http?.RequestAborted ?? default;
        var routeOrganizationId = RouteOrganizationId(http);
        var organizationId = routeOrganizationId ?? context.User.OrganizationId();
        var organization = organizationId is { } id ? await LoadFactsAsync(db, id, cancellationToken) : null;
        var subject = Subject(context.User);
        var decisions = requirement.Capabilities.Select(c => AccessEvaluator.Evaluate(c, subject, organization)).ToList();
        var decision = decisions.FirstOrDefault(d => d.Allowed) ?? decisions[0];

        // Note: the relationship is consulted last and lazily: only when the caller's own roles failed and the route
        // names an organization other than the caller's own.
        if (!decision.Allowed && routeOrganizationId is { } customerId)
        {
            decision = await DelegatedOrAsync(decision, requirement.Capabilities, subject, organization, customerId, delegations, context.User, cancellationToken);
        }

        if (http is not null)
        {
            http.Items[DecisionItemKey] = decision;
        }

        if (decision.Allowed)
        {
            context.Succeed(requirement);
        }
    }

    /// <summary>
    /// After a failed direct decision in <paramref name="customerId"/>: the decision through the caller's delegated-admin
    /// relationships there, when it allows or when the caller has anything to do with relationships (an agent); otherwise
    /// <paramref name="direct"/> unchanged.
    /// </summary>
    public static async Task<AccessDecision> DelegatedOrAsync(
        AccessDecision direct, IReadOnlyList<string> capabilities, AccessSubject? subject, OrganizationFacts? organization, Guid customerId,
        DelegatedAccessResolver delegations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(direct);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(delegations);
        if (organization is null || subject?.Kind != Features.Accounts.AccountKind.Work || subject.OrganizationId is not { } own || own == customerId)
        {
            return direct;
        }

        var delegation = await delegations.ResolveAsync(user, customerId, cancellationToken);
        var delegated = capabilities.Select(c => AccessEvaluator.EvaluateDelegated(c, subject, organization, delegation)).ToList();
        var best = delegated.FirstOrDefault(d => d.Allowed) ?? delegated[0];

        // Note: callers with nothing to do with relationships keep the plain "not a member" explanation.
        return best.Allowed || delegation is not null || AccessEvaluator.HoldsAny(subject.Roles, AccessCatalog.AgentRoles) ? best : direct;
    }

    /// <summary>True when <paramref name="decision"/> was made through a delegated-admin relationship.</summary>
    public static bool IsDelegated(AccessDecision decision) =>
        decision.Checks.Any(c => c.Check == AccessChecks.Relationship);

    public static AccessSubject? Subject(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new AccessSubject(
                user.Kind(),
                user.OrganizationId(),
                // Note: operator roles live in their own claim type; their ids never collide with partner roles.
                user.FindAll(PorticoClaims.Role).Concat(user.FindAll(PorticoClaims.OperatorRole)).Select(c => c.Value).ToList(),
                user.HasClaim(PorticoClaims.MfaCompleted, "true"))
            : null;

    public static async Task<OrganizationFacts?> LoadFactsAsync(AppDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.Id, o.VerificationStatus, Programs = o.Programs.Select(p => p.Program).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        return org is null ? null : new OrganizationFacts(org.Id, org.Programs, org.VerificationStatus == VerificationStatus.Verified);
    }

    private static Guid? RouteOrganizationId(HttpContext? http) =>
        http?.GetRouteValue("orgId") is { } value && Guid.TryParse(value.ToString(), out var id) ? id : null;
}

/// <summary>Builds <c>cap:&lt;capability&gt;</c> policies from the catalog on demand.</summary>
public sealed class CapabilityPolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
    {
        if (policyName.StartsWith(CapabilityRequirement.PolicyPrefix, StringComparison.Ordinal))
        {
            var capabilities = policyName[CapabilityRequirement.PolicyPrefix.Length..].Split(CapabilityRequirement.AnyOfSeparator);
            if (capabilities.All(AccessCatalog.IsCapability))
            {
                return new AuthorizationPolicyBuilder()
                    .RequireAuthenticatedUser()
                    .AddRequirements(new CapabilityRequirement(capabilities))
                    .Build();
            }
        }

        return await base.GetPolicyAsync(policyName);
    }

    public static string For(string capability) => CapabilityRequirement.PolicyPrefix + capability;

    /// <summary>A policy met by any one of <paramref name="capabilities"/>.</summary>
    public static string ForAny(params string[] capabilities) =>
        CapabilityRequirement.PolicyPrefix + string.Join(CapabilityRequirement.AnyOfSeparator, capabilities);
}
