using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Relationships;

public sealed record AssignmentResponse(Guid AccountId, string DisplayName, string? Email, IReadOnlyList<string> Roles);

/// <param name="Side"><c>provider</c> when the organization asked is the provider, <c>customer</c> otherwise.</param>
/// <param name="Status">The effective status: an active relationship past its end, or a request past 90 days, reads <c>Expired</c>
/// even before the background worker marks it.</param>
public sealed record DelegatedAdminRelationshipResponse(
    Guid Id,
    string Side,
    string DisplayName,
    string Status,
    Guid ProviderOrganizationId,
    string ProviderName,
    string ProviderPartnerId,
    Guid CustomerOrganizationId,
    string CustomerName,
    string CustomerPartnerId,
    IReadOnlyList<string> Roles,
    int DurationDays,
    bool AutoExtend,
    DateTimeOffset CreatedAt,
    string? RequestedBy,
    DateTimeOffset RequestExpiresAt,
    DateTimeOffset? ActivatedAt,
    string? ApprovedBy,
    DateTimeOffset? EndsAt,
    DateTimeOffset? EndedAt,
    int ExtensionCount,
    IReadOnlyList<AssignmentResponse> Assignments);

public sealed record ResellerRelationshipResponse(
    Guid Id,
    string Side,
    string Status,
    Guid ProviderOrganizationId,
    string ProviderName,
    string ProviderPartnerId,
    Guid ResellerOrganizationId,
    string ResellerName,
    string ResellerPartnerId,
    string ResellerType,
    DateTimeOffset CreatedAt,
    string? InvitedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? EndedAt);

/// <summary>A provider's customer: its reseller relationship and its delegated-admin relationships with the provider.</summary>
public sealed record CustomerResponse(
    ResellerRelationshipResponse Relationship,
    IReadOnlyList<DelegatedAdminRelationshipResponse> DelegatedAdmin);

/// <summary>Reads relationships for the API and the pages (the same rows in both).</summary>
public sealed class RelationshipQueries(AppDbContext db, TimeProvider time)
{
    /// <param name="asProvider">Include relationships where <paramref name="organizationId"/> is the provider.</param>
    /// <param name="asCustomer">Include relationships where <paramref name="organizationId"/> is the customer.</param>
    public async Task<List<DelegatedAdminRelationshipResponse>> DelegatedAdminAsync(
        Guid organizationId, bool asProvider, bool asCustomer, CancellationToken cancellationToken, Guid? id = null)
    {
        var rows = await db.DelegatedAdminRelationships.AsNoTracking()
            .Where(r => (asProvider && r.ProviderOrganizationId == organizationId) || (asCustomer && r.CustomerOrganizationId == organizationId))
            .Where(r => id == null || r.Id == id)
            .Include(r => r.Assignments)
            .OrderByDescending(r => r.CreatedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        var orgIds = rows.SelectMany(r => new[] { r.ProviderOrganizationId, r.CustomerOrganizationId }).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => new { o.DisplayName, o.PartnerId }, cancellationToken);
        var accountIds = rows.SelectMany(r => r.Assignments.Select(a => a.AccountId)
            .Append(r.RequestedByAccountId ?? Guid.Empty).Append(r.ApprovedByAccountId ?? Guid.Empty)).Distinct().ToList();
        var accounts = await db.Users.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new { a.DisplayName, a.Email }, cancellationToken);
        var now = time.GetUtcNow();
        return rows.Select(r => new DelegatedAdminRelationshipResponse(
                r.Id,
                r.ProviderOrganizationId == organizationId && asProvider ? "provider" : "customer",
                r.DisplayName,
                EffectiveStatus(r, now).ToString(),
                r.ProviderOrganizationId, orgs[r.ProviderOrganizationId].DisplayName, orgs[r.ProviderOrganizationId].PartnerId,
                r.CustomerOrganizationId, orgs[r.CustomerOrganizationId].DisplayName, orgs[r.CustomerOrganizationId].PartnerId,
                r.Roles, r.DurationDays, r.AutoExtend, r.CreatedAt,
                r.RequestedByAccountId is { } q && accounts.TryGetValue(q, out var qa) ? qa.DisplayName : null,
                r.RequestExpiresAt, r.ActivatedAt,
                r.ApprovedByAccountId is { } p && accounts.TryGetValue(p, out var pa) ? pa.DisplayName : null,
                r.EndsAt, r.EndedAt, r.ExtensionCount,
                r.Assignments.Where(a => accounts.ContainsKey(a.AccountId))
                    .Select(a => new AssignmentResponse(a.AccountId, accounts[a.AccountId].DisplayName, accounts[a.AccountId].Email, a.Roles))
                    .OrderBy(a => a.DisplayName, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    public async Task<List<ResellerRelationshipResponse>> ResellerAsync(
        Guid organizationId, bool asProvider, bool asReseller, CancellationToken cancellationToken, Guid? id = null)
    {
        var rows = await db.ResellerRelationships.AsNoTracking()
            .Where(r => (asProvider && r.ProviderOrganizationId == organizationId) || (asReseller && r.ResellerOrganizationId == organizationId))
            .Where(r => id == null || r.Id == id)
            .OrderByDescending(r => r.CreatedAt)
            .Take(1000)
            .ToListAsync(cancellationToken);
        var orgIds = rows.SelectMany(r => new[] { r.ProviderOrganizationId, r.ResellerOrganizationId }).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => new { o.DisplayName, o.PartnerId, o.Type }, cancellationToken);
        var inviterIds = rows.Select(r => r.InvitedByAccountId).OfType<Guid>().Distinct().ToList();
        var inviters = await db.Users.AsNoTracking().Where(a => inviterIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        return rows.Select(r => new ResellerRelationshipResponse(
                r.Id,
                r.ProviderOrganizationId == organizationId && asProvider ? "provider" : "reseller",
                r.Status.ToString(),
                r.ProviderOrganizationId, orgs[r.ProviderOrganizationId].DisplayName, orgs[r.ProviderOrganizationId].PartnerId,
                r.ResellerOrganizationId, orgs[r.ResellerOrganizationId].DisplayName, orgs[r.ResellerOrganizationId].PartnerId,
                orgs[r.ResellerOrganizationId].Type.ToString(),
                r.CreatedAt,
                r.InvitedByAccountId is { } i && inviters.TryGetValue(i, out var name) ? name : null,
                r.DecidedAt,
                r.EndedAt))
            .ToList();
    }

    /// <summary>The provider's customers (every reseller relationship it started) with their delegated-admin state.</summary>
    public async Task<List<CustomerResponse>> CustomersAsync(Guid providerOrganizationId, CancellationToken cancellationToken)
    {
        var relationships = await ResellerAsync(providerOrganizationId, asProvider: true, asReseller: false, cancellationToken);
        var delegated = (await DelegatedAdminAsync(providerOrganizationId, asProvider: true, asCustomer: false, cancellationToken))
            .ToLookup(d => d.CustomerOrganizationId);
        return relationships
            .OrderBy(r => r.Status == "Active" ? 0 : r.Status == "Pending" ? 1 : 2)
            .ThenBy(r => r.ResellerName, StringComparer.CurrentCulture)
            .Select(r => new CustomerResponse(r, [.. delegated[r.ResellerOrganizationId]]))
            .ToList();
    }

    public static DelegatedAdminRelationshipStatus EffectiveStatus(DelegatedAdminRelationship r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Status switch
        {
            DelegatedAdminRelationshipStatus.Active when r.EndsAt <= now && !r.AutoExtend => DelegatedAdminRelationshipStatus.Expired,
            DelegatedAdminRelationshipStatus.ApprovalPending when r.RequestExpiresAt <= now => DelegatedAdminRelationshipStatus.Expired,
            _ => r.Status,
        };
    }
}

/// <summary>The confirmation form that ends a reseller relationship (Customers page and Partner page).</summary>
/// <param name="Name">The other organization.</param>
/// <param name="Explanation">What ends with it, from the viewer's side.</param>
public sealed record EndResellerForm(Guid Id, string Name, string Explanation);
