using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Organizations;
using Portico.Web.Infrastructure;

namespace Portico.Web.Authorization;

/// <summary>Requires a catalog capability in the organization named by the route's <c>{orgId}</c> (or the user's own).</summary>
/// <remarks>
/// Blocks cross-tenant access (ID substitution in the URL) and privilege use without the role, program enrollment,
/// verification or MFA the catalog asks for. The decision is kept on the request so a 403 can explain it.
/// </remarks>
public sealed class CapabilityRequirement(string capability) : IAuthorizationRequirement
{
    public const string PolicyPrefix = "cap:";

    public string Capability { get; } = capability;
}

public sealed class CapabilityHandler(AppDbContext db, IHttpContextAccessor accessor) : AuthorizationHandler<CapabilityRequirement>
{
    public const string DecisionItemKey = "portico:access-decision";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        var http = accessor.HttpContext;
        var organizationId = RouteOrganizationId(http) ?? context.User.OrganizationId();
        var organization = organizationId is { } id ? await LoadFactsAsync(db, id, http?.RequestAborted ?? default) : null;
        var decision = AccessEvaluator.Evaluate(requirement.Capability, Subject(context.User), organization);
        if (http is not null)
        {
            http.Items[DecisionItemKey] = decision;
        }

        if (decision.Allowed)
        {
            context.Succeed(requirement);
        }
    }

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
            var capability = policyName[CapabilityRequirement.PolicyPrefix.Length..];
            if (AccessCatalog.IsCapability(capability))
            {
                return new AuthorizationPolicyBuilder()
                    .RequireAuthenticatedUser()
                    .AddRequirements(new CapabilityRequirement(capability))
                    .Build();
            }
        }

        return await base.GetPolicyAsync(policyName);
    }

    public static string For(string capability) => CapabilityRequirement.PolicyPrefix + capability;
}
