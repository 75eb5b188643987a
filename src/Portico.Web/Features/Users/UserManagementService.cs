using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Users;

/// <summary>The outcome of a user-management command: success, or a stable error code (and HTTP status).</summary>
public sealed record UserCommandResult(int Status, string? Error = null, string? TemporaryPassword = null, Account? Account = null)
{
    public bool Succeeded => Error is null;

    public static UserCommandResult Ok(Account account, string? temporaryPassword = null) => new(200, null, temporaryPassword, account);

    public static UserCommandResult Fail(int status, string error) => new(status, error);
}

/// <summary>Stable error codes of user management besides <see cref="GrantErrors"/>.</summary>
public static class UserErrors
{
    public const string EmailTaken = "email_taken";
    public const string CannotActOnSelf = "cannot_act_on_self";
    public const string GlobalAdminProtected = "global_admin_protected";
    public const string ConcurrencyConflict = "concurrency_conflict";
}

/// <summary>
/// Writes of Account settings → User management (SPEC §3, §6): create, change roles, block, unblock, delete and
/// reset a password, for the organization in the route. The capability policy has already run; this class applies
/// the rules that depend on the target.
/// </summary>
/// <remarks>
/// Blocks privilege escalation and lock-out of an organization: role changes go through <see cref="GrantRules"/>;
/// only a Global admin may block, delete or reset a Global admin; nobody blocks or deletes themselves; the last Global
/// admin stays. Edits carry the target's concurrency stamp so two admins never silently overwrite each other. Each
/// change ends the target's sessions where its effect must be immediate, and is audited in the same transaction.
/// </remarks>
public sealed class UserManagementService(
    AppDbContext db,
    UserManager<Account> userManager,
    OrganizationService organizations,
    SessionService sessions,
    PasswordSetter setter,
    AuditTrail audit,
    AccountEmails emails,
    TimeProvider time)
{
    public async Task<UserCommandResult> CreateAsync(
        Guid organizationId, ClaimsPrincipal actor, string email, string displayName, string? nameReading,
        IReadOnlyCollection<RoleGrant> roles, CancellationToken cancellationToken, bool invite = false)
    {
        var org = await db.Organizations.Include(o => o.Locations).SingleAsync(o => o.Id == organizationId, cancellationToken);
        var locations = org.Locations.Select(l => l.Id).ToHashSet();
        var broken = GrantRules.Check(ActorRoles(actor), actorIsTarget: false, [], roles, locations, remainingGlobalAdmins: 1, remainingOwners: 1);
        if (broken is not null)
        {
            return UserCommandResult.Fail(StatusFor(broken), broken);
        }

        CreatedAccount created;
        try
        {
            created = await organizations.AddWorkAccountAsync(org, email, displayName, [], password: null, cancellationToken, nameReading, invite: invite);
        }
        catch (ProvisioningException e) when (e.Code == "email_taken")
        {
            return UserCommandResult.Fail(StatusCodes.Status409Conflict, UserErrors.EmailTaken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        created.Account.RoleAssignments.AddRange(roles.Distinct().Select(r => new RoleAssignment
        {
            AccountId = created.Account.Id,
            OrganizationId = organizationId,
            Role = r.Role,
            LocationId = r.LocationId,
            AssignedUtc = now,
        }));
        audit.Record(AuditEventType.UserRolesChanged, organizationId, created.Account.Id,
            new { added = roles.Select(r => r.ToString()), removed = Array.Empty<string>() });
        await db.SaveChangesAsync(cancellationToken);
        if (invite)
        {
            var token = await userManager.GenerateUserTokenAsync(created.Account, TokenOptions.DefaultProvider, InvitationPurpose);
            await emails.SendInvitationAsync(created.Account, org.DisplayName, actor.Identity?.Name ?? "", token, cancellationToken);
        }
        else
        {
            await emails.SendWelcomeAsync(created.Account, org.DisplayName, cancellationToken);
        }

        return UserCommandResult.Ok(created.Account, created.TemporaryPassword);
    }

    public async Task<UserCommandResult> SetRolesAsync(
        Guid organizationId, Guid userId, ClaimsPrincipal actor, IReadOnlyCollection<RoleGrant> roles, string? concurrencyStamp,
        CancellationToken cancellationToken)
    {
        var result = await ChangeRolesAsync(organizationId, userId, actor, _ => roles, concurrencyStamp, cancellationToken);
        if (result.Succeeded)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Applies a role change to the unit of work without saving, so a caller (an access-request approval) can commit
    /// it together with its own change. <paramref name="change"/> maps the current roles to the requested ones.
    /// </summary>
    public async Task<UserCommandResult> ChangeRolesAsync(
        Guid organizationId, Guid userId, ClaimsPrincipal actor, Func<IReadOnlyCollection<RoleGrant>, IReadOnlyCollection<RoleGrant>> change,
        string? concurrencyStamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var target = await LoadAsync(organizationId, userId, cancellationToken);
        if (target is null)
        {
            return UserCommandResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        if (concurrencyStamp is not null && concurrencyStamp != target.ConcurrencyStamp)
        {
            return new UserCommandResult(StatusCodes.Status409Conflict, UserErrors.ConcurrencyConflict, Account: target);
        }

        var current = target.RoleAssignments.Select(r => new RoleGrant(r.Role, r.LocationId)).ToList();
        var roles = change(current).Distinct().ToList();
        var locations = (await db.Locations.Where(l => l.OrganizationId == organizationId).Select(l => l.Id).ToListAsync(cancellationToken)).ToHashSet();
        var broken = GrantRules.Check(
            ActorRoles(actor), actor.AccountId() == userId, current, roles, locations,
            await CountOthersHoldingAsync(organizationId, userId, Roles.GlobalAdmin, cancellationToken),
            await CountOthersHoldingAsync(organizationId, userId, Roles.Owner, cancellationToken));
        if (broken is not null)
        {
            return UserCommandResult.Fail(StatusFor(broken), broken);
        }

        var added = roles.Except(current).ToList();
        var removed = current.Except(roles).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return UserCommandResult.Ok(target);
        }

        var now = time.GetUtcNow().UtcDateTime;
        db.RoleAssignments.RemoveRange(target.RoleAssignments.Where(r => removed.Contains(new RoleGrant(r.Role, r.LocationId))));
        db.RoleAssignments.AddRange(added.Select(r => new RoleAssignment
        {
            AccountId = target.Id,
            OrganizationId = organizationId,
            Role = r.Role,
            LocationId = r.LocationId,
            AssignedUtc = now,
        }));

        // Note: a new stamp makes a concurrent edit based on the old state fail with 409 instead of overwriting.
        target.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        audit.Record(AuditEventType.UserRolesChanged, organizationId, target.Id,
            new { added = added.Select(r => r.ToString()), removed = removed.Select(r => r.ToString()) });
        return UserCommandResult.Ok(target);
    }

    public async Task<UserCommandResult> SetBlockedAsync(Guid organizationId, Guid userId, ClaimsPrincipal actor, bool blocked, CancellationToken cancellationToken)
    {
        var (target, refusal) = await LoadForSensitiveActionAsync(organizationId, userId, actor, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (target!.IsBlocked == blocked)
        {
            return UserCommandResult.Ok(target);
        }

        target.IsBlocked = blocked;
        target.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        var ended = blocked ? await sessions.EndAllAsync(target.Id, SessionEndReason.AccountBlocked, keep: null, cancellationToken) : 0;
        audit.Record(blocked ? AuditEventType.UserBlocked : AuditEventType.UserUnblocked, organizationId, target.Id, new { sessionsEnded = ended });
        await db.SaveChangesAsync(cancellationToken);
        return UserCommandResult.Ok(target);
    }

    public async Task<UserCommandResult> DeleteAsync(Guid organizationId, Guid userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var (target, refusal) = await LoadForSensitiveActionAsync(organizationId, userId, actor, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (target!.RoleAssignments.Any(r => r.Role == Roles.Owner)
            && await CountOthersHoldingAsync(organizationId, userId, Roles.Owner, cancellationToken) == 0)
        {
            return UserCommandResult.Fail(StatusCodes.Status409Conflict, GrantErrors.LastOwner);
        }

        audit.Record(AuditEventType.UserDeleted, organizationId, target.Id,
            new { email = target.Email, roles = target.RoleAssignments.Select(r => new RoleGrant(r.Role, r.LocationId).ToString()) });
        db.Users.Remove(target);
        await db.SaveChangesAsync(cancellationToken);
        return UserCommandResult.Ok(target);
    }

    public async Task<UserCommandResult> ResetPasswordAsync(Guid organizationId, Guid userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var (target, refusal) = await LoadForSensitiveActionAsync(organizationId, userId, actor, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var temporary = TemporaryPassword.Generate();
        await setter.SetAsync(target!, temporary, PasswordSetPurpose.ResetByAdmin, cancellationToken, actorName: actor.Identity?.Name);
        return UserCommandResult.Ok(target!, temporary);
    }

    /// <summary>The Identity token purpose of invitation links (single use: accepting rotates the security stamp).</summary>
    public const string InvitationPurpose = "Portico.Invitation";

    public static IReadOnlyCollection<string> ActorRoles(ClaimsPrincipal actor) =>
        actor.FindAll(PorticoClaims.Role).Select(c => c.Value).ToList();

    private async Task<(Account? Target, UserCommandResult? Refusal)> LoadForSensitiveActionAsync(
        Guid organizationId, Guid userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var target = await LoadAsync(organizationId, userId, cancellationToken);
        if (target is null)
        {
            return (null, UserCommandResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound));
        }

        if (actor.AccountId() == userId)
        {
            return (target, UserCommandResult.Fail(StatusCodes.Status409Conflict, UserErrors.CannotActOnSelf));
        }

        var targetIsGlobalAdmin = target.RoleAssignments.Any(r => r.Role == Roles.GlobalAdmin);
        if (targetIsGlobalAdmin && !ActorRoles(actor).Contains(Roles.GlobalAdmin))
        {
            return (target, UserCommandResult.Fail(StatusCodes.Status403Forbidden, UserErrors.GlobalAdminProtected));
        }

        return (target, null);
    }

    private Task<Account?> LoadAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken) =>
        db.Users.Include(a => a.RoleAssignments)
            .SingleOrDefaultAsync(a => a.Id == userId && a.OrganizationId == organizationId && a.Kind == AccountKind.Work, cancellationToken);

    private Task<int> CountOthersHoldingAsync(Guid organizationId, Guid userId, string role, CancellationToken cancellationToken) =>
        db.RoleAssignments.Where(r => r.OrganizationId == organizationId && r.Role == role && r.LocationId == null && r.AccountId != userId)
            .Join(db.Users.Where(a => !a.IsBlocked), r => r.AccountId, a => a.Id, (r, a) => a.Id)
            .Distinct()
            .CountAsync(cancellationToken);

    private static int StatusFor(string error) => error switch
    {
        GrantErrors.NotGrantable => StatusCodes.Status403Forbidden,
        GrantErrors.SelfDemotion or GrantErrors.LastGlobalAdmin or GrantErrors.LastOwner => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };
}
