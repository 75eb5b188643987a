using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Recovery;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Features.Sessions;
using Portico.Web.Features.SignIn;

namespace Portico.Web.Features.Operator;

public sealed record DiagnosisOrganization(Guid Id, string Name, string PartnerId, string PartnerType, string VerificationStatus, string MfaPolicy);

public sealed record DiagnosisAdmin(Guid AccountId, string DisplayName, string Email, bool Blocked, bool Locked);

/// <summary>The sign-in methods an account has registered (never their secrets, nor the addresses themselves).</summary>
public sealed record DiagnosisSecurityInfo(
    bool MfaEnabled,
    bool Authenticator,
    int Passkeys,
    int RecoveryCodesLeft,
    bool AlternateEmailVerified,
    bool PhoneVerified);

/// <summary>A relationship through which a provider serves the account's organization (and may reset passwords when delegated admin is active).</summary>
public sealed record DiagnosisRelationship(
    string Type,
    Guid ProviderOrganizationId,
    string ProviderName,
    string Status,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    DateTimeOffset? EndsAt);

public sealed record DiagnosisAccount(
    Guid AccountId,
    string Kind,
    string DisplayName,
    DiagnosisOrganization? Organization,
    IReadOnlyList<string> Roles,
    bool EmailConfirmed,
    bool HasPassword,
    bool MustChangePassword,
    bool Blocked,
    bool Locked,
    DateTime? LockedUntilUtc,
    int FailedSignInCount,
    int LockoutCount,
    DateTime CreatedUtc,
    DateTime? PasswordChangedUtc,
    DateTime? LastSignInUtc,
    DiagnosisSecurityInfo SecurityInfo,
    IReadOnlyList<DiagnosisAdmin> GlobalAdmins,
    IReadOnlyList<DiagnosisRelationship> ProviderRelationships);

/// <summary>One sign-in attempt as the audit trail saw it; <see cref="Reason"/> is the internal failure reason.</summary>
public sealed record DiagnosisAttempt(
    DateTime OccurredUtc,
    string Outcome,
    string? Reason,
    IReadOnlyList<string> AccountKinds,
    string? IpAddress,
    string? Client);

public sealed record SignInDiagnosis(
    string Email,
    DateTime CheckedUtc,
    IReadOnlyList<DiagnosisAccount> Accounts,
    IReadOnlyList<DiagnosisAttempt> Attempts,
    IReadOnlyList<Features.Support.SupportRequestSummary> SupportRequests);

/// <summary>
/// Sign-in diagnosis for SupportAgents (SPEC §9): for one email, the accounts that exist, their lockout and block
/// state, registered security info, the organization's Global admins and the recent sign-in attempts with the
/// internal reasons the public never sees.
/// </summary>
/// <remarks>
/// Shows facts, never secrets: no password hash, authenticator key or recovery code leaves this class, and staff can
/// neither read nor set a password (the only action is a recovery link to the account's own mailbox). Every lookup
/// is audited on the platform chain and on the chain of each organization whose account was shown (ADR-0015).
/// </remarks>
/// <summary>What sending a recovery link led to: whether the email offered a self-service reset or named who can help.</summary>
public sealed record RecoveryLinkResult(int Status, string? Error, bool SelfService = false)
{
    public bool Succeeded => Error is null;
}

public static class DiagnosisErrors
{
    public const string StaffRecoveryNotSupported = "staff_recovery_not_supported";
}

public sealed class SignInDiagnosisService(
    AppDbContext db, SecurityInfoQueries securityInfo, PasswordRecoveryService recovery, AuditTrail audit, TimeProvider time)
{
    public const int AttemptLimit = 20;

    private static readonly AuditEventType[] AttemptTypes =
        [AuditEventType.SignInSucceeded, AuditEventType.SignInFailed, AuditEventType.AccountLockedOut];

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public async Task<SignInDiagnosis> DiagnoseAsync(ClaimsPrincipal staff, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staff);
        var normalized = SignInService.NormalizeEmail(email);
        var now = time.GetUtcNow().UtcDateTime;
        var accounts = await db.Users.AsNoTracking()
            .Where(a => a.NormalizedEmail == normalized)
            .Select(a => new
            {
                Account = a,
                Organization = a.Organization == null ? null : new DiagnosisOrganization(
                    a.Organization.Id, a.Organization.DisplayName, a.Organization.PartnerId, a.Organization.Type.ToString(),
                    a.Organization.VerificationStatus.ToString(), a.Organization.MfaPolicy.ToString()),
                Roles = a.RoleAssignments.Select(r => r.Role).ToList(),
            })
            .ToListAsync(cancellationToken);

        // Note: the kind is stored as its name; order by the enum (work, personal, staff) in memory.
        accounts = accounts.OrderBy(a => a.Account.Kind).ToList();
        var ids = accounts.Select(a => a.Account.Id).ToList();
        var security = new Dictionary<Guid, SecurityInfoSummary>();
        foreach (var id in ids)
        {
            security[id] = await securityInfo.GetAsync(id, cancellationToken);
        }

        var operatorRoles = await db.UserClaims.AsNoTracking()
            .Where(c => ids.Contains(c.UserId) && c.ClaimType == Infrastructure.PorticoClaims.OperatorRole)
            .Select(c => new { c.UserId, c.ClaimValue })
            .ToListAsync(cancellationToken);

        var organizationIds = accounts.Where(a => a.Organization is not null).Select(a => a.Organization!.Id).Distinct().ToList();
        var admins = await db.RoleAssignments.AsNoTracking()
            .Where(r => organizationIds.Contains(r.OrganizationId) && r.Role == Roles.GlobalAdmin && r.LocationId == null)
            .Join(db.Users, r => r.AccountId, a => a.Id, (r, a) => new
            {
                r.OrganizationId,
                Admin = new { a.Id, a.DisplayName, a.Email, a.IsBlocked, a.LockedUntilUtc },
            })
            .ToListAsync(cancellationToken);

        var relationships = await RelationshipsAsync(organizationIds, cancellationToken);
        var result = accounts.Select(a =>
        {
            var account = a.Account;
            var info = security[account.Id];
            var roles = a.Roles.Concat(operatorRoles.Where(c => c.UserId == account.Id).Select(c => c.ClaimValue ?? "")).Order(StringComparer.Ordinal).ToList();
            var orgAdmins = a.Organization is null
                ? []
                : admins.Where(x => x.OrganizationId == a.Organization.Id)
                    .Select(x => new DiagnosisAdmin(x.Admin.Id, x.Admin.DisplayName, x.Admin.Email ?? "", x.Admin.IsBlocked,
                        x.Admin.LockedUntilUtc is { } until && until > now))
                    .OrderBy(x => x.DisplayName, StringComparer.Ordinal)
                    .ToList();
            var locked = LockoutPolicy.IsLocked(account, now);
            return new DiagnosisAccount(
                account.Id, account.Kind.ToString(), account.DisplayName, a.Organization, roles,
                account.EmailConfirmed, account.PasswordHash is not null, account.MustChangePassword, account.IsBlocked,
                locked, locked ? account.LockedUntilUtc : null, account.FailedSignInCount, account.LockoutCount,
                account.CreatedUtc, account.PasswordChangedUtc, account.LastSignInUtc,
                new DiagnosisSecurityInfo(account.TwoFactorEnabled, info.Authenticator, info.Passkeys, info.RecoveryCodesLeft,
                    info.AlternateEmailVerified, info.PhoneVerified),
                orgAdmins,
                a.Organization is null ? [] : relationships.Where(r => r.Customer == a.Organization.Id).Select(r => r.Relationship).ToList());
        }).ToList();

        var attempts = await AttemptsAsync(email, ids, cancellationToken);
        var tickets = await db.SupportRequests.AsNoTracking()
            .Where(r => r.NormalizedContactEmail == normalized || (r.AccountId != null && ids.Contains(r.AccountId.Value)))
            .OrderByDescending(r => r.CreatedUtc).ThenByDescending(r => r.Id)
            .Take(20)
            .Select(r => new Features.Support.SupportRequestSummary(r.Id, r.Number, r.Category, r.Status.ToString(), r.ContactEmail, r.AccountId, r.OrganizationId,
                r.Organization != null ? r.Organization.DisplayName : null, r.CreatedUtc, r.UpdatedUtc))
            .ToListAsync(cancellationToken);

        // Note: the lookup itself is audited where the operator and each affected organization can see it.
        var details = new { email = email.Trim(), accounts = result.Select(a => a.AccountId).ToList() };
        audit.Record(AuditEventType.SignInDiagnosisViewed, null, result.Count == 1 ? result[0].AccountId : null, details);
        foreach (var account in result.Where(a => a.Organization is not null))
        {
            audit.Record(AuditEventType.SignInDiagnosisViewed, account.Organization!.Id, account.AccountId, new { email = email.Trim() });
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInDiagnosis(email.Trim(), now, result, attempts, tickets);
    }

    /// <summary>
    /// The diagnosis's one action: the personalised recovery email (the same one the public form sends) goes to the
    /// account's own mailbox. Staff never see the link; they learn only whether it offered a self-service reset.
    /// </summary>
    public async Task<RecoveryLinkResult> SendRecoveryLinkAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new { a.Id, a.Kind, a.OrganizationId, a.Email })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return new(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        if (account.Kind == AccountKind.Staff)
        {
            // Note: staff credentials are an operator admin's business (CLI), not the support desk's.
            return new(StatusCodes.Status409Conflict, DiagnosisErrors.StaffRecoveryNotSupported);
        }

        // Note: recorded before the recovery service's own SaveChanges, so the action and its audit commit together.
        var details = new { email = account.Email, kind = account.Kind.ToString() };
        audit.Record(AuditEventType.RecoveryLinkSentByStaff, null, account.Id, details);
        if (account.OrganizationId is { } organizationId)
        {
            audit.Record(AuditEventType.RecoveryLinkSentByStaff, organizationId, account.Id, details);
        }

        var plan = await recovery.SendRecoveryMessageAsync(account.Id, cancellationToken);
        return new(StatusCodes.Status202Accepted, null, plan.SelfService);
    }

    /// <summary>
    /// The providers of these organizations: reseller relationships (the org as reseller) and delegated-admin
    /// relationships (the org as customer), newest first; an active delegated-admin one can reset passwords.
    /// </summary>
    private async Task<List<(Guid Customer, DiagnosisRelationship Relationship)>> RelationshipsAsync(List<Guid> organizationIds, CancellationToken cancellationToken)
    {
        var resellers = await db.ResellerRelationships.AsNoTracking()
            .Where(r => organizationIds.Contains(r.ResellerOrganizationId))
            .Join(db.Organizations, r => r.ProviderOrganizationId, o => o.Id, (r, o) => new { r.ResellerOrganizationId, r.ProviderOrganizationId, o.DisplayName, r.Status, r.CreatedAt })
            .ToListAsync(cancellationToken);
        var delegated = await db.DelegatedAdminRelationships.AsNoTracking()
            .Where(r => organizationIds.Contains(r.CustomerOrganizationId))
            .Join(db.Organizations, r => r.ProviderOrganizationId, o => o.Id, (r, o) => new
            {
                r.CustomerOrganizationId, r.ProviderOrganizationId, Provider = o.DisplayName, r.DisplayName, r.Status, r.Roles, r.EndsAt, r.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        return
        [
            .. delegated.OrderByDescending(r => r.CreatedAt).Select(r => (r.CustomerOrganizationId, new DiagnosisRelationship(
                "delegated-admin", r.ProviderOrganizationId, r.Provider, r.Status.ToString(), r.DisplayName, r.Roles, r.EndsAt))),
            .. resellers.OrderByDescending(r => r.CreatedAt).Select(r => (r.ResellerOrganizationId, new DiagnosisRelationship(
                "reseller", r.ProviderOrganizationId, r.DisplayName, r.Status.ToString(), null, (IReadOnlyList<string>)[], null))),
        ];
    }

    /// <summary>
    /// The newest sign-in attempts for the email: events on its accounts, and failures for it while no account had it
    /// (recorded on the platform chain with the typed email). One attempt over two accounts is one entry.
    /// </summary>
    private async Task<List<DiagnosisAttempt>> AttemptsAsync(string email, List<Guid> accountIds, CancellationToken cancellationToken)
    {
        // Note: the typed email is stored inside the JSON details, escaped as the serializer writes it; upper-casing
        // both sides makes the match case-insensitive on SQLite and PostgreSQL alike.
        var needle = ("\"email\":" + JsonSerializer.Serialize(email.Trim(), DetailsJson)).ToUpperInvariant();
        var failed = AuditEventType.SignInFailed;
#pragma warning disable CA1862 // Note: EF translates ToUpper().Contains to upper(...) LIKE on both providers; the StringComparison overload does not translate.
        var rows = await db.AuditEvents.AsNoTracking()
            .Where(e => (e.TargetAccountId != null && accountIds.Contains(e.TargetAccountId.Value) && AttemptTypes.Contains(e.Type))
                || (e.Type == failed && e.TargetAccountId == null && e.Details != null && e.Details.ToUpper().Contains(needle)))
            .OrderByDescending(e => e.Id)
            .Take(AttemptLimit * 3)
            .Select(e => new { e.OccurredUtc, e.Type, e.TargetAccountId, e.IpAddress, e.Details })
            .ToListAsync(cancellationToken);
#pragma warning restore CA1862
        var kinds = await db.Users.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Kind, cancellationToken);

        var attempts = new List<DiagnosisAttempt>();
        foreach (var group in rows.GroupBy(r => (r.OccurredUtc, r.Type, r.Details, r.IpAddress)))
        {
            using var details = group.Key.Details is null ? null : JsonDocument.Parse(group.Key.Details);
            string? Read(string name) =>
                details?.RootElement.ValueKind == JsonValueKind.Object && details.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            var outcome = group.Key.Type switch
            {
                AuditEventType.SignInSucceeded => "succeeded",
                AuditEventType.AccountLockedOut => "locked_out",
                _ => "failed",
            };
            var reason = group.Key.Type switch
            {
                AuditEventType.SignInFailed => Read("reason"),
                AuditEventType.SignInSucceeded => Read("method"),
                _ => details?.RootElement.TryGetProperty("until", out var until) == true ? "until " + until : null,
            };
            var accountKinds = group.Where(r => r.TargetAccountId is { } id && kinds.ContainsKey(id))
                .Select(r => kinds[r.TargetAccountId!.Value]).Distinct().Order().Select(k => k.ToString()).ToList();
            attempts.Add(new DiagnosisAttempt(group.Key.OccurredUtc, outcome, reason, accountKinds, group.Key.IpAddress, Read("client")));
            if (attempts.Count == AttemptLimit)
            {
                break;
            }
        }

        return attempts;
    }
}
