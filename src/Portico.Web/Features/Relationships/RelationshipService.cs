using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Relationships;

/// <summary>The outcome of a relationship command: success with a value, or a stable error code, HTTP status and field errors.</summary>
public sealed record RelationshipResult<T>(int Status, string? Error, T? Value, IReadOnlyList<(string Field, string Code)>? Fields = null)
    where T : class
{
    public bool Succeeded => Error is null;
}

/// <summary>Factories of <see cref="RelationshipResult{T}"/>.</summary>
public static class RelationshipResult
{
    public static RelationshipResult<T> Ok<T>(T value)
        where T : class => new(StatusCodes.Status200OK, null, value);

    public static RelationshipResult<T> Fail<T>(int status, string error)
        where T : class => new(status, error, null);

    public static RelationshipResult<T> Invalid<T>(IReadOnlyList<(string Field, string Code)> fields)
        where T : class => new(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, fields);
}

/// <summary>What a provider asks for in a delegated-admin relationship.</summary>
public sealed record DelegatedAdminRequest(Guid? CustomerOrganizationId, string? DisplayName, IReadOnlyList<string>? Roles, int? DurationDays, bool AutoExtend);

/// <summary>
/// Partner relationships and delegated administration (SPEC §7): reseller invitations by Partner ID, delegated-admin
/// requests, approval by the customer's Global admin, ending or termination by either side and the provider's assignments of
/// relationship roles to its agents. Every change is audited in both organizations' chains in the same transaction,
/// and both sides are emailed.
/// </summary>
/// <remarks>
/// Blocks: requests by the wrong kind of organization, requests to oneself or to nobody, duplicate pending requests,
/// auto-extended Global administrator access, approval by anyone but a Global admin who is a member of the customer
/// organization (never a provider's agent acting through a relationship), reactivation of an ended relationship, use of
/// another provider's relationship, and relationship roles given to accounts that are not the provider's agents.
/// </remarks>
public sealed class RelationshipService(
    AppDbContext db,
    AuditTrail audit,
    RelationshipEmails emails,
    TimeProvider time)
{
    // ---------------------------------------------------------------- reseller relationships

    public async Task<RelationshipResult<ResellerRelationship>> InviteResellerAsync(
        Guid providerOrganizationId, ClaimsPrincipal actor, string? partnerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(partnerId))
        {
            return RelationshipResult.Invalid<ResellerRelationship>([("partnerId", FieldCodes.Required)]);
        }

        partnerId = partnerId.Trim();
        if (partnerId.Length != Organization.PartnerIdLength || !partnerId.All(char.IsAsciiDigit))
        {
            return RelationshipResult.Invalid<ResellerRelationship>([("partnerId", FieldCodes.InvalidValue)]);
        }

        var provider = await db.Organizations.SingleAsync(o => o.Id == providerOrganizationId, cancellationToken);
        if (provider.Type is not (PartnerType.IndirectProvider or PartnerType.Direct))
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status409Conflict, ErrorCodes.ProviderTypeNotAllowed);
        }

        // Note: a location's Partner ID names its organization too.
        var resellerId = await db.Organizations.Where(o => o.PartnerId == partnerId).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken)
            ?? await db.Locations.Where(l => l.PartnerId == partnerId).Select(l => (Guid?)l.OrganizationId).SingleOrDefaultAsync(cancellationToken);
        if (resellerId is null)
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status404NotFound, ErrorCodes.PartnerNotFound);
        }

        if (resellerId == providerOrganizationId)
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status400BadRequest, ErrorCodes.SelfRelationship);
        }

        if (await db.ResellerRelationships.AnyAsync(r => r.ProviderOrganizationId == providerOrganizationId && r.ResellerOrganizationId == resellerId
                && (r.Status == ResellerRelationshipStatus.Pending || r.Status == ResellerRelationshipStatus.Active), cancellationToken))
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status409Conflict, ErrorCodes.ResellerRelationshipExists);
        }

        var relationship = new ResellerRelationship
        {
            ProviderOrganizationId = providerOrganizationId,
            ResellerOrganizationId = resellerId.Value,
            Status = ResellerRelationshipStatus.Pending,
            InvitedByAccountId = actor.AccountId(),
            CreatedAt = time.GetUtcNow(),
        };
        db.ResellerRelationships.Add(relationship);
        audit.RecordForBoth(AuditEventType.ResellerRelationshipInvited, providerOrganizationId, resellerId.Value, ResellerDetails(relationship));
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendResellerAsync(relationship, RelationshipEmails.ResellerInvited, cancellationToken);
        return RelationshipResult.Ok<ResellerRelationship>(relationship);
    }

    public async Task<RelationshipResult<ResellerRelationship>> DecideResellerAsync(
        Guid resellerOrganizationId, Guid relationshipId, ClaimsPrincipal actor, bool accept, CancellationToken cancellationToken)
    {
        var relationship = await db.ResellerRelationships.SingleOrDefaultAsync(
            r => r.Id == relationshipId && r.ResellerOrganizationId == resellerOrganizationId, cancellationToken);
        if (relationship is null)
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
        }

        if (!IsOwnGlobalAdmin(actor, resellerOrganizationId))
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status403Forbidden, ErrorCodes.GlobalAdminRequired);
        }

        if (relationship.Status != ResellerRelationshipStatus.Pending)
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipNotPending);
        }

        relationship.Status = accept ? ResellerRelationshipStatus.Active : ResellerRelationshipStatus.Declined;
        relationship.DecidedAt = time.GetUtcNow();
        relationship.DecidedByAccountId = actor.AccountId();
        relationship.Version = Guid.NewGuid();
        audit.RecordForBoth(accept ? AuditEventType.ResellerRelationshipAccepted : AuditEventType.ResellerRelationshipDeclined,
            relationship.ProviderOrganizationId, relationship.ResellerOrganizationId, ResellerDetails(relationship));
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendResellerAsync(relationship, accept ? RelationshipEmails.ResellerAccepted : RelationshipEmails.ResellerDeclined, cancellationToken);
        return RelationshipResult.Ok<ResellerRelationship>(relationship);
    }

    /// <summary>
    /// Ends a reseller relationship: the provider withdraws a pending invitation, or either side's Global admin ends an
    /// active relationship. Ending also terminates the delegated-admin relationships between the two organizations
    /// (active and pending), so the provider's agents lose access on their next request; all of it is one transaction.
    /// </summary>
    /// <param name="asProvider">The caller may invite customers for <paramref name="organizationId"/> (the provider side).</param>
    /// <param name="asReseller">The caller may answer relationships for <paramref name="organizationId"/> (the reseller side).</param>
    public async Task<RelationshipResult<ResellerRelationship>> EndResellerAsync(
        Guid organizationId, Guid relationshipId, ClaimsPrincipal actor, bool asProvider, bool asReseller, CancellationToken cancellationToken)
    {
        // Note: a relationship of other organizations answers exactly like one that does not exist.
        var relationship = await db.ResellerRelationships.SingleOrDefaultAsync(
            r => r.Id == relationshipId
                && ((asProvider && r.ProviderOrganizationId == organizationId) || (asReseller && r.ResellerOrganizationId == organizationId)),
            cancellationToken);
        if (relationship is null)
        {
            return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
        }

        var providerSide = asProvider && relationship.ProviderOrganizationId == organizationId;
        switch (relationship.Status)
        {
            case ResellerRelationshipStatus.Pending when !providerSide:
                // Note: the invited side answers an invitation with decline; ending is for what was accepted.
                return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipNotActive);
            case ResellerRelationshipStatus.Active when !IsOwnGlobalAdmin(actor, organizationId):
                return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status403Forbidden, ErrorCodes.GlobalAdminRequired);
            case ResellerRelationshipStatus.Declined or ResellerRelationshipStatus.Ended or ResellerRelationshipStatus.Withdrawn:
                return RelationshipResult.Fail<ResellerRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipEnded);
        }

        var now = time.GetUtcNow();
        var withdrawn = relationship.Status == ResellerRelationshipStatus.Pending;
        relationship.Status = withdrawn ? ResellerRelationshipStatus.Withdrawn : ResellerRelationshipStatus.Ended;
        relationship.EndedAt = now;
        relationship.EndedByAccountId = actor.AccountId();
        relationship.EndedByOrganizationId = organizationId;
        relationship.Version = Guid.NewGuid();
        audit.RecordForBoth(withdrawn ? AuditEventType.ResellerRelationshipWithdrawn : AuditEventType.ResellerRelationshipEnded,
            relationship.ProviderOrganizationId, relationship.ResellerOrganizationId, ResellerDetails(relationship));

        var delegated = withdrawn ? [] : await db.DelegatedAdminRelationships
            .Where(r => r.ProviderOrganizationId == relationship.ProviderOrganizationId && r.CustomerOrganizationId == relationship.ResellerOrganizationId
                && (r.Status == DelegatedAdminRelationshipStatus.Active || r.Status == DelegatedAdminRelationshipStatus.ApprovalPending))
            .ToListAsync(cancellationToken);
        foreach (var d in delegated)
        {
            // Note: recorded right after the reseller relationship's end, by the same actor, in both chains.
            Terminate(d, now, actor, organizationId);
        }

        await db.SaveChangesAsync(cancellationToken);
        await emails.SendResellerAsync(relationship, withdrawn ? RelationshipEmails.ResellerWithdrawn : RelationshipEmails.ResellerEnded, cancellationToken);
        foreach (var d in delegated)
        {
            await emails.SendDelegatedAsync(d, RelationshipEmails.Terminated, cancellationToken);
        }

        return RelationshipResult.Ok<ResellerRelationship>(relationship);
    }

    // ---------------------------------------------------------------- delegated-admin relationships

    /// <summary>Field checks of a request (also used by the page before it calls <see cref="RequestDelegatedAdminAsync"/>).</summary>
    public static List<(string Field, string Code)> ValidateRequest(DelegatedAdminRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fields = new List<(string, string)>();
        if (request.CustomerOrganizationId is null || request.CustomerOrganizationId == Guid.Empty)
        {
            fields.Add(("customerOrgId", FieldCodes.Required));
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            fields.Add(("displayName", FieldCodes.Required));
        }
        else if (request.DisplayName.Trim().Length > DelegatedAdminRelationship.DisplayNameMaxLength)
        {
            fields.Add(("displayName", FieldCodes.TooLong));
        }
        else if (request.DisplayName.Any(char.IsControl))
        {
            fields.Add(("displayName", FieldCodes.InvalidCharacters));
        }

        if (request.Roles is not { Count: > 0 })
        {
            fields.Add(("roles", FieldCodes.Required));
        }
        else if (request.Roles.Any(r => r is null || !DelegableRoles.IsDelegable(r)))
        {
            fields.Add(("roles", GrantErrors.UnknownRole));
        }

        if (request.DurationDays is null)
        {
            fields.Add(("durationDays", FieldCodes.Required));
        }
        else if (request.DurationDays is < DelegatedAdminRelationship.MinDurationDays or > DelegatedAdminRelationship.MaxDurationDays)
        {
            fields.Add(("durationDays", FieldCodes.OutOfRange));
        }

        return fields;
    }

    public async Task<RelationshipResult<DelegatedAdminRelationship>> RequestDelegatedAdminAsync(
        Guid providerOrganizationId, ClaimsPrincipal actor, DelegatedAdminRequest request, CancellationToken cancellationToken)
    {
        var fields = ValidateRequest(request);
        if (fields.Count > 0)
        {
            return RelationshipResult.Invalid<DelegatedAdminRelationship>(fields);
        }

        var roles = request.Roles!.Distinct(StringComparer.Ordinal).OrderBy(r => IndexOfRole(r)).ToList();
        if (request.AutoExtend && roles.Contains(DelegableRoles.GlobalAdministrator))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status400BadRequest, ErrorCodes.AutoExtendNotAllowed);
        }

        var customerId = request.CustomerOrganizationId!.Value;
        if (customerId == providerOrganizationId)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status400BadRequest, ErrorCodes.SelfRelationship);
        }

        var provider = await db.Organizations.SingleAsync(o => o.Id == providerOrganizationId, cancellationToken);
        if (provider.Type is not (PartnerType.IndirectProvider or PartnerType.Direct))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.ProviderTypeNotAllowed);
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == customerId, cancellationToken))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status404NotFound, ErrorCodes.CustomerNotFound);
        }

        var now = time.GetUtcNow();
        if (await db.DelegatedAdminRelationships.AnyAsync(r => r.ProviderOrganizationId == providerOrganizationId && r.CustomerOrganizationId == customerId
                && r.Status == DelegatedAdminRelationshipStatus.ApprovalPending && r.RequestExpiresAt > now, cancellationToken))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.DuplicatePendingRequest);
        }

        var relationship = new DelegatedAdminRelationship
        {
            ProviderOrganizationId = providerOrganizationId,
            CustomerOrganizationId = customerId,
            DisplayName = request.DisplayName!.Trim(),
            Status = DelegatedAdminRelationshipStatus.ApprovalPending,
            Roles = roles,
            DurationDays = request.DurationDays!.Value,
            AutoExtend = request.AutoExtend,
            RequestedByAccountId = actor.AccountId(),
            CreatedAt = now,
            RequestExpiresAt = now.AddDays(DelegatedAdminRelationship.RequestLifetimeDays),
        };
        db.DelegatedAdminRelationships.Add(relationship);
        audit.RecordForBoth(AuditEventType.DelegatedAdminRequested, providerOrganizationId, customerId, Details(relationship));
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendDelegatedAsync(relationship, RelationshipEmails.Requested, cancellationToken);
        return RelationshipResult.Ok<DelegatedAdminRelationship>(relationship);
    }

    /// <summary>The customer's Global admin approves (<paramref name="approve"/>) or declines a pending request.</summary>
    public async Task<RelationshipResult<DelegatedAdminRelationship>> DecideDelegatedAdminAsync(
        Guid customerOrganizationId, Guid relationshipId, ClaimsPrincipal actor, bool approve, CancellationToken cancellationToken)
    {
        var relationship = await db.DelegatedAdminRelationships.SingleOrDefaultAsync(
            r => r.Id == relationshipId && r.CustomerOrganizationId == customerOrganizationId, cancellationToken);
        if (relationship is null)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
        }

        if (!IsOwnGlobalAdmin(actor, customerOrganizationId))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status403Forbidden, ErrorCodes.GlobalAdminRequired);
        }

        var now = time.GetUtcNow();
        if (relationship.Status != DelegatedAdminRelationshipStatus.ApprovalPending)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict,
                relationship.Status == DelegatedAdminRelationshipStatus.Expired ? ErrorCodes.RelationshipExpired : ErrorCodes.RelationshipNotPending);
        }

        // Note: an unapproved request lapses after 90 days even before the background worker marks it.
        if (relationship.RequestExpiresAt <= now)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipExpired);
        }

        if (approve)
        {
            relationship.Status = DelegatedAdminRelationshipStatus.Active;
            relationship.ActivatedAt = now;
            relationship.EndsAt = now.AddDays(relationship.DurationDays);
            relationship.ApprovedByAccountId = actor.AccountId();
            relationship.RemindersSent = RelationshipLifecycle.RemindersNotApplicable(relationship.DurationDays);
        }
        else
        {
            relationship.Status = DelegatedAdminRelationshipStatus.Declined;
            relationship.EndedAt = now;
            relationship.EndedByAccountId = actor.AccountId();
            relationship.EndedByOrganizationId = customerOrganizationId;
        }

        relationship.Version = Guid.NewGuid();
        audit.RecordForBoth(approve ? AuditEventType.DelegatedAdminApproved : AuditEventType.DelegatedAdminDeclined,
            relationship.ProviderOrganizationId, relationship.CustomerOrganizationId, Details(relationship));
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendDelegatedAsync(relationship, approve ? RelationshipEmails.Approved : RelationshipEmails.Declined, cancellationToken);
        return RelationshipResult.Ok<DelegatedAdminRelationship>(relationship);
    }

    /// <summary>Either side ends a relationship (or the provider withdraws its pending request); access ends on the next request.</summary>
    /// <param name="asProvider">The caller may act for the provider side of <paramref name="organizationId"/>.</param>
    /// <param name="asCustomer">The caller may act for the customer side of <paramref name="organizationId"/>.</param>
    public async Task<RelationshipResult<DelegatedAdminRelationship>> TerminateAsync(
        Guid organizationId, Guid relationshipId, ClaimsPrincipal actor, bool asProvider, bool asCustomer, CancellationToken cancellationToken)
    {
        var relationship = await db.DelegatedAdminRelationships.SingleOrDefaultAsync(
            r => r.Id == relationshipId
                && ((asProvider && r.ProviderOrganizationId == organizationId) || (asCustomer && r.CustomerOrganizationId == organizationId)),
            cancellationToken);
        if (relationship is null)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
        }

        var now = time.GetUtcNow();
        var ended = relationship.Status switch
        {
            DelegatedAdminRelationshipStatus.Active => relationship.EndsAt <= now ? ErrorCodes.RelationshipExpired : null,
            DelegatedAdminRelationshipStatus.ApprovalPending => relationship.RequestExpiresAt <= now ? ErrorCodes.RelationshipExpired : null,
            DelegatedAdminRelationshipStatus.Expired => ErrorCodes.RelationshipExpired,
            _ => ErrorCodes.RelationshipEnded,
        };
        if (ended is not null)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ended);
        }

        Terminate(relationship, now, actor, organizationId);
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendDelegatedAsync(relationship, RelationshipEmails.Terminated, cancellationToken);
        return RelationshipResult.Ok<DelegatedAdminRelationship>(relationship);
    }

    /// <summary>
    /// Sets the relationship roles of one of the provider's agents (an empty list removes the assignment).
    /// </summary>
    public async Task<RelationshipResult<DelegatedAdminRelationship>> AssignAsync(
        Guid providerOrganizationId, Guid relationshipId, Guid? accountId, IReadOnlyList<string>? roles, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var fields = new List<(string, string)>();
        if (accountId is null || accountId == Guid.Empty)
        {
            fields.Add(("accountId", FieldCodes.Required));
        }

        if (roles is null)
        {
            fields.Add(("roles", FieldCodes.Required));
        }
        else if (roles.Any(r => r is null || !DelegableRoles.IsDelegable(r)))
        {
            fields.Add(("roles", GrantErrors.UnknownRole));
        }

        if (fields.Count > 0)
        {
            return RelationshipResult.Invalid<DelegatedAdminRelationship>(fields);
        }

        // Note: a relationship of another provider answers exactly like one that does not exist.
        var relationship = await db.DelegatedAdminRelationships.Include(r => r.Assignments)
            .SingleOrDefaultAsync(r => r.Id == relationshipId && r.ProviderOrganizationId == providerOrganizationId, cancellationToken);
        if (relationship is null)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
        }

        var now = time.GetUtcNow();
        if (relationship.Status == DelegatedAdminRelationshipStatus.Expired
            || (relationship.Status == DelegatedAdminRelationshipStatus.Active && relationship.EndsAt <= now)
            || (relationship.Status == DelegatedAdminRelationshipStatus.ApprovalPending && relationship.RequestExpiresAt <= now))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipExpired);
        }

        if (relationship.Status is DelegatedAdminRelationshipStatus.Terminated or DelegatedAdminRelationshipStatus.Declined)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.RelationshipEnded);
        }

        var assignee = await db.Users.AsNoTracking()
            .Where(a => a.Id == accountId && a.OrganizationId == providerOrganizationId && a.Kind == AccountKind.Work)
            .Select(a => new { a.Id, a.DisplayName, Roles = a.RoleAssignments.Where(r => r.LocationId == null).Select(r => r.Role).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (assignee is null)
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status404NotFound, ErrorCodes.AssigneeNotFound);
        }

        var requested = roles!.Distinct(StringComparer.Ordinal).OrderBy(r => IndexOfRole(r)).ToList();
        if (requested.Count > 0 && !assignee.Roles.Any(AccessCatalog.AgentRoles.Contains))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status409Conflict, ErrorCodes.AssigneeNotAgent);
        }

        if (requested.Any(r => !relationship.Roles.Contains(r)))
        {
            return RelationshipResult.Fail<DelegatedAdminRelationship>(StatusCodes.Status400BadRequest, ErrorCodes.RoleNotInRelationship);
        }

        var existing = relationship.Assignments.SingleOrDefault(a => a.AccountId == assignee.Id);
        var before = existing?.Roles.ToList() ?? [];
        if (before.SequenceEqual(requested))
        {
            return RelationshipResult.Ok<DelegatedAdminRelationship>(relationship);
        }

        if (requested.Count == 0)
        {
            db.DelegatedAdminAssignments.Remove(existing!);
        }
        else if (existing is null)
        {
            var assignment = new DelegatedAdminAssignment
            {
                RelationshipId = relationship.Id,
                AccountId = assignee.Id,
                Roles = requested,
                AssignedAt = now,
                AssignedByAccountId = actor.AccountId(),
            };
            // Note: added through the DbSet; found through the navigation, a new entity with a set key reads as existing.
            db.DelegatedAdminAssignments.Add(assignment);
        }
        else
        {
            existing.Roles = requested;
            existing.AssignedAt = now;
            existing.AssignedByAccountId = actor.AccountId();
        }

        audit.RecordForBoth(AuditEventType.DelegatedAdminAssignmentChanged, relationship.ProviderOrganizationId, relationship.CustomerOrganizationId,
            new { relationshipId = relationship.Id, relationship = relationship.DisplayName, accountId = assignee.Id, agent = assignee.DisplayName, before, after = requested });
        await db.SaveChangesAsync(cancellationToken);
        return RelationshipResult.Ok<DelegatedAdminRelationship>(relationship);
    }

    /// <summary>The audit details of a delegated-admin relationship event (the same in both chains).</summary>
    public static object Details(DelegatedAdminRelationship r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new
        {
            relationshipId = r.Id,
            relationship = r.DisplayName,
            providerOrganizationId = r.ProviderOrganizationId,
            customerOrganizationId = r.CustomerOrganizationId,
            status = r.Status.ToString(),
            roles = r.Roles,
            r.DurationDays,
            r.AutoExtend,
            endsAt = r.EndsAt,
        };
    }

    private static object ResellerDetails(ResellerRelationship r) => new
    {
        relationshipId = r.Id,
        providerOrganizationId = r.ProviderOrganizationId,
        resellerOrganizationId = r.ResellerOrganizationId,
        status = r.Status.ToString(),
    };

    private void Terminate(DelegatedAdminRelationship relationship, DateTimeOffset now, ClaimsPrincipal actor, Guid side)
    {
        relationship.Status = DelegatedAdminRelationshipStatus.Terminated;
        relationship.EndedAt = now;
        relationship.EndedByAccountId = actor.AccountId();
        relationship.EndedByOrganizationId = side;
        relationship.Version = Guid.NewGuid();
        audit.RecordForBoth(AuditEventType.DelegatedAdminTerminated, relationship.ProviderOrganizationId, relationship.CustomerOrganizationId,
            Details(relationship));
    }

    private static int IndexOfRole(string role) => DelegableRoles.All.ToList().IndexOf(role);

    /// <summary>A Global admin who is a member of the organization (never an agent acting through a relationship).</summary>
    private static bool IsOwnGlobalAdmin(ClaimsPrincipal actor, Guid organizationId) =>
        actor.OrganizationId() == organizationId && actor.HasClaim(PorticoClaims.Role, Roles.GlobalAdmin);
}
