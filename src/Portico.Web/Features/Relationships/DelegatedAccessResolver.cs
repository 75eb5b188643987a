using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Relationships;

/// <summary>
/// Finds, once per request and organization, the access a provider's agent holds in a customer organization through
/// active delegated-admin relationships. Only called when direct membership did not open a capability (the
/// authorization handler checks the relationship last and lazily).
/// </summary>
/// <remarks>
/// Blocks use of ended delegation: the relationship must be <c>Active</c> and its <c>EndsAt</c> in the future at this
/// request (so expiry applies even before the background worker marks it; an auto-extending one is renewed by the
/// worker instead), the agent must still hold
/// <c>AdminAgent</c> or <c>HelpdeskAgent</c> in the provider organization, and only roles both assigned to the agent
/// and granted by the relationship count. Termination, expiry and role removal take effect on the next request.
/// </remarks>
public sealed class DelegatedAccessResolver(AppDbContext db, TimeProvider time)
{
    private readonly Dictionary<Guid, DelegatedAccess?> cache = [];

    /// <summary>The access resolved earlier in this request for <paramref name="customerOrganizationId"/>, without a query.</summary>
    public DelegatedAccess? Resolved(Guid customerOrganizationId) =>
        cache.TryGetValue(customerOrganizationId, out var access) ? access : null;

    public async Task<DelegatedAccess?> ResolveAsync(ClaimsPrincipal user, Guid customerOrganizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (cache.TryGetValue(customerOrganizationId, out var cached))
        {
            return cached;
        }

        DelegatedAccess? access = null;
        if (user.Kind() == AccountKind.Work && user.AccountId() is { } accountId && user.OrganizationId() is { } providerId)
        {
            var roles = user.FindAll(PorticoClaims.Role).Select(c => c.Value).ToList();
            access = await ResolveForAsync(accountId, providerId, user.FindFirstValue(PorticoClaims.OrganizationName) ?? "", roles, customerOrganizationId, cancellationToken);
        }

        cache[customerOrganizationId] = access;
        return access;
    }

    /// <summary>
    /// The delegated access of a stored account (not necessarily the caller) of provider <paramref name="providerId"/>,
    /// holding <paramref name="providerRoles"/> there, in <paramref name="customerOrganizationId"/>.
    /// </summary>
    public async Task<DelegatedAccess?> ResolveForAsync(
        Guid accountId, Guid providerId, string providerName, IReadOnlyCollection<string> providerRoles, Guid customerOrganizationId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerRoles);

        // Note: only org-wide agent roles count; a location-scoped role never reaches into another organization.
        if (providerId == customerOrganizationId
            || !AccessEvaluator.HoldsAny(providerRoles.Where(r => !r.Contains('@', StringComparison.Ordinal)).ToList(), AccessCatalog.AgentRoles))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var rows = await db.DelegatedAdminAssignments.AsNoTracking()
            .Where(a => a.AccountId == accountId)
            .Join(db.DelegatedAdminRelationships.Where(r => r.ProviderOrganizationId == providerId && r.CustomerOrganizationId == customerOrganizationId
                    && r.Status == DelegatedAdminRelationshipStatus.Active && (r.EndsAt > now || r.AutoExtend)),
                a => a.RelationshipId, r => r.Id,
                (a, r) => new { r.Id, r.DisplayName, RelationshipRoles = r.Roles, AssignedRoles = a.Roles, r.EndsAt })
            .ToListAsync(cancellationToken);
        var relationships = rows
            .Select(r => new DelegatedAccessRelationship(r.Id, r.DisplayName,
                [.. r.AssignedRoles.Intersect(r.RelationshipRoles, StringComparer.Ordinal)], r.EndsAt!.Value))
            .Where(r => r.Roles.Count > 0)
            .OrderBy(r => r.DisplayName, StringComparer.Ordinal)
            .ToList();
        if (relationships.Count == 0)
        {
            return null;
        }

        var customerName = await db.Organizations.AsNoTracking().Where(o => o.Id == customerOrganizationId).Select(o => o.DisplayName).SingleAsync(cancellationToken);
        return new DelegatedAccess(providerId, providerName, customerOrganizationId, relationships) { CustomerOrganizationName = customerName };
    }
}
