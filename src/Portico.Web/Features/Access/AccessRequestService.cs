using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Users;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features.Access;

public static class AccessRequestErrors
{
    public const string AlreadyGranted = "already_granted";
    public const string DuplicateRequest = "duplicate_request";
    public const string NotPending = "request_not_pending";
    public const string RoleDoesNotOpenCapability = "role_does_not_open_capability";
}

public sealed record AccessRequestView(
    Guid Id,
    Guid OrganizationId,
    Guid RequesterId,
    string RequesterName,
    string RequesterEmail,
    string? Role,
    string? Capability,
    string Reason,
    string Status,
    DateTime CreatedUtc,
    string? GrantedRole,
    DateTime? DecidedUtc,
    IReadOnlyList<string> RolesThatWouldGrant);

public sealed record AccessRequestResult(int Status, string? Error, AccessRequest? Request)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Access requests (SPEC §6): a member asks for a role or a capability; the people who may grant it are emailed and
/// approve (the role is granted through the same grant rules as User management) or deny; the requester is told.
/// </summary>
public sealed class AccessRequestService(
    AppDbContext db,
    UserManagementService users,
    AccessExplainer explainer,
    AuditTrail audit,
    IEmailSender email,
    IStringLocalizer<SharedResource> t,
    IConfiguration configuration,
    TimeProvider time)
{
    private string BaseUrl => (configuration["Portico:PublicUrl"] ?? "http://localhost:5080").TrimEnd('/');

    public async Task<AccessRequestResult> CreateAsync(
        ClaimsPrincipal requester, Guid organizationId, string? role, string? capability, string reason, CancellationToken cancellationToken)
    {
        var requesterId = requester.AccountId()!.Value;
        if (requester.OrganizationId() != organizationId || requester.Kind() != AccountKind.Work)
        {
            return new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, null);
        }

        var held = requester.FindAll(PorticoClaims.Role).Select(c => c.Value).ToList();
        if (role is not null && held.Contains(role))
        {
            return new(StatusCodes.Status409Conflict, AccessRequestErrors.AlreadyGranted, null);
        }

        if (capability is not null && AccessEvaluator.HoldsAny(held, AccessCatalog.RolesOpening[capability]))
        {
            return new(StatusCodes.Status409Conflict, AccessRequestErrors.AlreadyGranted, null);
        }

        var duplicate = await db.AccessRequests.AnyAsync(r => r.RequesterId == requesterId && r.Status == AccessRequestStatus.Pending
            && r.Role == role && r.Capability == capability, cancellationToken);
        if (duplicate)
        {
            return new(StatusCodes.Status409Conflict, AccessRequestErrors.DuplicateRequest, null);
        }

        var request = new AccessRequest
        {
            OrganizationId = organizationId,
            RequesterId = requesterId,
            Role = role,
            Capability = capability,
            Reason = reason.Trim(),
            Status = AccessRequestStatus.Pending,
            CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.AccessRequests.Add(request);
        audit.Record(AuditEventType.AccessRequested, organizationId, requesterId, new { requestId = request.Id, role, capability });
        await db.SaveChangesAsync(cancellationToken);

        var grantors = await explainer.GrantorsAsync(organizationId, RolesThatWouldGrant(request), cancellationToken);
        var grantorIds = grantors.Select(g => g.AccountId).ToList();
        var recipients = await db.Users.AsNoTracking().Where(a => grantorIds.Contains(a.Id))
            .Select(a => new { a.Email, a.DisplayName, a.PreferredCulture }).ToListAsync(cancellationToken);
        foreach (var recipient in recipients)
        {
            using (CultureScope.Use(recipient.PreferredCulture))
            {
                var what = role is not null ? t["Role." + role].Value : t["Capability." + capability].Value;
                await email.SendAsync(new EmailMessage(recipient.Email!, t["Email.AccessRequested.Subject", requester.Identity?.Name ?? "", what],
                    t["Email.AccessRequested.Body", recipient.DisplayName, requester.Identity?.Name ?? "", what, request.Reason, BaseUrl + "/Access/Requests"], recipient.DisplayName), cancellationToken);
            }
        }

        return new(StatusCodes.Status201Created, null, request);
    }

    /// <summary>The decided requests listed, newest first; pending ones are listed however many and however old.</summary>
    public const int DecidedListed = 200;

    /// <summary>Pending and recent requests the caller may decide (grantors) or made themselves, newest first.</summary>
    /// <remarks>
    /// Every pending request is listed, so one made before a busy month still reaches its grantors; of the decided
    /// ones only the newest are, as a history.
    /// </remarks>
    /// <param name="includeDecided">False to list the pending requests only (what the home page counts).</param>
    public async Task<IReadOnlyList<AccessRequestView>> ListAsync(
        ClaimsPrincipal caller, Guid organizationId, CancellationToken cancellationToken, bool includeDecided = true)
    {
        var callerId = caller.AccountId()!.Value;
        var grantable = GrantRules.GrantableBy(UserManagementService.ActorRoles(caller));
        var inOrganization = db.AccessRequests.AsNoTracking().Where(r => r.OrganizationId == organizationId);
        var pending = await WithRequesterAsync(inOrganization.Where(r => r.Status == AccessRequestStatus.Pending), cancellationToken);
        var decided = includeDecided
            ? await WithRequesterAsync(
                inOrganization.Where(r => r.Status != AccessRequestStatus.Pending).OrderByDescending(r => r.CreatedUtc).Take(DecidedListed), cancellationToken)
            : [];
        return pending.Concat(decided)
            .OrderByDescending(x => x.Request.CreatedUtc)
            .Where(x => x.Request.RequesterId == callerId || RolesThatWouldGrant(x.Request).Any(grantable.Contains))
            .Select(x => View(x.Request, x.DisplayName, x.Email ?? ""))
            .ToList();
    }

    public async Task<AccessRequestResult> DecideAsync(
        ClaimsPrincipal decider, Guid organizationId, Guid requestId, bool approve, string? role, CancellationToken cancellationToken)
    {
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.OrganizationId == organizationId, cancellationToken);
        if (request is null)
        {
            return new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, null);
        }

        var deciderId = decider.AccountId()!.Value;
        var grantable = GrantRules.GrantableBy(UserManagementService.ActorRoles(decider));
        var candidates = RolesThatWouldGrant(request);
        if (!candidates.Any(grantable.Contains))
        {
            return new(StatusCodes.Status403Forbidden, GrantErrors.NotGrantable, null);
        }

        if (request.RequesterId == deciderId)
        {
            return new(StatusCodes.Status409Conflict, UserErrors.CannotActOnSelf, null);
        }

        if (request.Status != AccessRequestStatus.Pending)
        {
            return new(StatusCodes.Status409Conflict, AccessRequestErrors.NotPending, request);
        }

        if (approve)
        {
            var granted = role ?? request.Role ?? candidates.FirstOrDefault(grantable.Contains);
            if (granted is null || !candidates.Contains(granted))
            {
                return new(StatusCodes.Status400BadRequest, AccessRequestErrors.RoleDoesNotOpenCapability, null);
            }

            var change = await users.ChangeRolesAsync(organizationId, request.RequesterId, decider,
                current => [.. current, new RoleGrant(granted)], concurrencyStamp: null, cancellationToken);
            if (!change.Succeeded)
            {
                return new(change.Status, change.Error, null);
            }

            request.GrantedRole = granted;
        }

        request.Status = approve ? AccessRequestStatus.Approved : AccessRequestStatus.Denied;
        request.DecidedById = deciderId;
        request.DecidedUtc = time.GetUtcNow().UtcDateTime;
        audit.Record(approve ? AuditEventType.AccessRequestApproved : AuditEventType.AccessRequestDenied, organizationId, request.RequesterId,
            new { requestId = request.Id, role = request.GrantedRole ?? request.Role, capability = request.Capability });
        await db.SaveChangesAsync(cancellationToken);

        var requester = await db.Users.AsNoTracking().SingleAsync(a => a.Id == request.RequesterId, cancellationToken);
        using (CultureScope.Use(requester.PreferredCulture))
        {
            var what = request.GrantedRole is not null
                ? t["Access.WhatWithRole", request.Role is not null ? t["Role." + request.Role].Value : t["Capability." + request.Capability].Value, t["Role." + request.GrantedRole].Value].Value
                : request.Role is not null ? t["Role." + request.Role].Value : t["Capability." + request.Capability].Value;
            var key = approve ? "Email.AccessApproved" : "Email.AccessDenied";
            await email.SendAsync(new EmailMessage(requester.Email!, t[key + ".Subject", what],
                t[key + ".Body", requester.DisplayName, what, decider.Identity?.Name ?? "", BaseUrl + "/Access"], requester.DisplayName), cancellationToken);
        }

        return new(StatusCodes.Status200OK, null, request);
    }

    /// <summary>
    /// The roles an approval may grant: the requested role, or the roles that open the requested capability, least
    /// powerful first (Global admin only when nothing narrower opens it), so one click grants no more than needed.
    /// </summary>
    public static IReadOnlyList<string> RolesThatWouldGrant(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Role is not null)
        {
            return [request.Role];
        }

        var opening = AccessCatalog.RolesOpening[request.Capability!];
        // Note: among equally narrow roles the catalog lists the admin variant first (ReferralsAdmin, ReferralsUser), so the later one wins.
        var narrow = opening.Where(r => r != Roles.GlobalAdmin)
            .OrderBy(r => AccessCatalog.RoleById[r].Opens.Count)
            .ThenByDescending(r => AccessCatalog.RoleList.ToList().FindIndex(d => d.Id == r))
            .ToList();
        return narrow.Count > 0 ? narrow : opening;
    }

    public static AccessRequestView View(AccessRequest r, string requesterName, string requesterEmail)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.OrganizationId, r.RequesterId, requesterName, requesterEmail, r.Role, r.Capability, r.Reason,
            r.Status.ToString(), r.CreatedUtc, r.GrantedRole, r.DecidedUtc, RolesThatWouldGrant(r));
    }

    private async Task<List<(AccessRequest Request, string DisplayName, string? Email)>> WithRequesterAsync(
        IQueryable<AccessRequest> requests, CancellationToken cancellationToken)
    {
        var rows = await requests
            .Join(db.Users, r => r.RequesterId, a => a.Id, (r, a) => new { Request = r, a.DisplayName, a.Email })
            .ToListAsync(cancellationToken);
        return rows.Select(x => (x.Request, x.DisplayName, x.Email)).ToList();
    }
}
