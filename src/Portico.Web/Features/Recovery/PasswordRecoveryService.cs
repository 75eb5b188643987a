using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Relationships;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Features.SignIn;

namespace Portico.Web.Features.Recovery;

/// <summary>Who can help one account when it cannot reset its own password.</summary>
public sealed record RecoveryHelpers(IReadOnlyList<(string Name, string? Email)> GlobalAdmins, IReadOnlyList<(string Name, string PartnerId)> Providers);

/// <summary>What the recovery email says about one account.</summary>
/// <param name="AlternateEmail">A verified alternate email that gets a copy of a self-service link (the primary mailbox may be lost).</param>
public sealed record RecoveryPlan(Account Account, bool SelfService, bool NeedsCode, string? Link, RecoveryHelpers? Helpers, string? AlternateEmail = null);

/// <summary>The outcome of completing a recovery link.</summary>
public sealed record RecoveryResult(int Status, string? Error = null, IReadOnlyList<string>? Rules = null)
{
    public bool Succeeded => Error is null;
}

/// <summary>Stable error codes of password recovery (each has <c>Error.&lt;code&gt;</c> in both resource files).</summary>
public static class RecoveryErrors
{
    public const string InvalidLink = "invalid_recovery_link";
    public const string LinkExpired = "recovery_link_expired";
    public const string LinkUsed = "recovery_link_used";
    public const string CodeRequired = "code_required";
}

/// <summary>
/// Password recovery, the support article automated (SPEC §5): the personalised email for a recovery request, and
/// the completion of a self-service link.
/// </summary>
/// <remarks>
/// The public never learns anything: requests are processed off the request path and the email goes to the
/// mailbox only. Self-service needs registered security info and the organization's consent, and a code from a
/// second method when the organization requires MFA for everyone; otherwise the email names who can reset the
/// password. Each account gets at most <see cref="MailsPerWindow"/> recovery emails per <see cref="MailWindow"/>.
/// </remarks>
public sealed class PasswordRecoveryService(
    AppDbContext db,
    RecoveryLinks links,
    SecurityInfoQueries securityInfo,
    SecondFactor secondFactor,
    PasswordSetter setter,
    AuditTrail audit,
    RecoveryEmails emails,
    TimeProvider time)
{
    public const int MailsPerWindow = 3;
    public static readonly TimeSpan MailWindow = TimeSpan.FromHours(1);

    /// <summary>Relationship roles that let a provider reset passwords in the customer organization.</summary>
    private static readonly string[] ResetCapableRoles =
    [
        DelegableRoles.HelpdeskAdministrator, DelegableRoles.UserAdministrator,
        DelegableRoles.PrivilegedAuthenticationAdministrator, DelegableRoles.GlobalAdministrator,
    ];

    /// <summary>Handles a request from the public form: one email covering every account under that address.</summary>
    public async Task ProcessRequestAsync(RecoveryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var normalized = SignInService.NormalizeEmail(request.Email);
        var accounts = await db.Users.Include(a => a.Organization)
            .Where(a => a.NormalizedEmail == normalized)
            .OrderBy(a => a.Kind)
            .ToListAsync(cancellationToken);
        var attempted = request.Email.Length > Account.EmailMaxLength ? request.Email[..Account.EmailMaxLength] : request.Email;
        if (accounts.Count == 0)
        {
            audit.Record(AuditEventType.PasswordRecoveryRequested, details: new { email = attempted, outcome = "unknown_email" }, ipAddress: request.IpAddress);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        if (!await TakeMailAllowanceAsync(accounts, cancellationToken))
        {
            foreach (var account in accounts)
            {
                audit.Record(AuditEventType.PasswordRecoveryRequested, account.OrganizationId, account.Id,
                    new { outcome = "rate_limited" }, actorAccountId: null, ipAddress: request.IpAddress);
            }

            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var plans = new List<RecoveryPlan>();
        foreach (var account in accounts)
        {
            plans.Add(await PlanAsync(account, cancellationToken));
        }

        foreach (var plan in plans)
        {
            audit.Record(AuditEventType.PasswordRecoveryRequested, plan.Account.OrganizationId, plan.Account.Id,
                new { outcome = Outcome(plan), requestedBy = "self" }, ipAddress: request.IpAddress);
        }

        await db.SaveChangesAsync(cancellationToken);
        await emails.SendAsync(plans, request.Culture, cancellationToken);
    }

    /// <summary>
    /// Sends the personalised recovery email for one account to that account's own address (staff: sign-in
    /// diagnosis). Not rate-limited per account; the caller audits its own action too.
    /// </summary>
    public async Task<RecoveryPlan> SendRecoveryMessageAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.Include(a => a.Organization).SingleAsync(a => a.Id == accountId, cancellationToken);
        var plan = await PlanAsync(account, cancellationToken);
        audit.Record(AuditEventType.PasswordRecoveryRequested, account.OrganizationId, account.Id, new { outcome = Outcome(plan), requestedBy = "staff" });
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendAsync([plan], null, cancellationToken);
        return plan;
    }

    /// <summary>Checks a link without using it: the account it resets and whether a code is needed, or why it cannot be used.</summary>
    public async Task<(Account? Account, bool NeedsCode, RecoveryResult? Refusal)> CheckLinkAsync(string? token, CancellationToken cancellationToken)
    {
        var payload = links.Unprotect(token);
        if (payload is null)
        {
            return (null, false, new RecoveryResult(StatusCodes.Status400BadRequest, RecoveryErrors.InvalidLink));
        }

        var account = await db.Users.Include(a => a.Organization).SingleOrDefaultAsync(a => a.Id == payload.AccountId, cancellationToken);
        if (account is null)
        {
            return (null, false, new RecoveryResult(StatusCodes.Status400BadRequest, RecoveryErrors.InvalidLink));
        }

        if (time.GetUtcNow().UtcDateTime > payload.IssuedUtc + RecoveryLinks.Lifetime)
        {
            return (account, false, new RecoveryResult(StatusCodes.Status410Gone, RecoveryErrors.LinkExpired));
        }

        if (account.PasswordRecoveryStamp is not { } stamp || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(stamp), System.Text.Encoding.ASCII.GetBytes(payload.Stamp)) || account.IsBlocked)
        {
            return (account, false, new RecoveryResult(StatusCodes.Status410Gone, RecoveryErrors.LinkUsed));
        }

        return (account, RequiresTwoMethods(account), null);
    }

    /// <summary>Sets a new password through a valid link (and a second-method code when required); nothing changes otherwise.</summary>
    public async Task<RecoveryResult> CompleteAsync(string? token, string newPassword, string? code, CancellationToken cancellationToken)
    {
        var (account, needsCode, refusal) = await CheckLinkAsync(token, cancellationToken);
        if (refusal is not null)
        {
            if (account is not null)
            {
                audit.Record(AuditEventType.PasswordRecoveryLinkRejected, account.OrganizationId, account.Id, new { reason = refusal.Error }, actorAccountId: account.Id);
                await db.SaveChangesAsync(cancellationToken);
            }

            return refusal;
        }

        var rules = setter.Check(account!, newPassword);
        if (rules.Count > 0)
        {
            return new RecoveryResult(StatusCodes.Status400BadRequest, Infrastructure.Api.ErrorCodes.PasswordRejected, rules);
        }

        if (needsCode)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return new RecoveryResult(StatusCodes.Status400BadRequest, RecoveryErrors.CodeRequired);
            }

            if (await secondFactor.VerifyAsync(account!, code, cancellationToken) is null)
            {
                audit.Record(AuditEventType.PasswordRecoveryLinkRejected, account!.OrganizationId, account.Id, new { reason = "invalid_code" }, actorAccountId: account.Id);
                await db.SaveChangesAsync(cancellationToken);
                return new RecoveryResult(StatusCodes.Status400BadRequest, Infrastructure.Api.ErrorCodes.InvalidCode);
            }
        }

        await setter.SetAsync(account!, newPassword, PasswordSetPurpose.Recovered, cancellationToken, actorAccountId: account!.Id);
        return new RecoveryResult(StatusCodes.Status204NoContent);
    }

    /// <summary>Decides what the email says for <paramref name="account"/>; issues a new link (voiding older ones) when self-service is possible.</summary>
    private async Task<RecoveryPlan> PlanAsync(Account account, CancellationToken cancellationToken)
    {
        var summary = await securityInfo.GetAsync(account.Id, cancellationToken);
        var needsCode = RequiresTwoMethods(account);
        var selfService = !account.IsBlocked && account.Kind switch
        {
            // Note: a personal account's verified mailbox is its security info, and nobody else administers it.
            AccountKind.Personal => true,
            AccountKind.Work => summary.HasAny && account.Organization?.AllowSelfServicePasswordReset != false,
            _ => summary.HasAny,
        } && (!needsCode || summary.HasMfaMethod || summary.RecoveryCodesLeft > 0);

        if (selfService)
        {
            var now = time.GetUtcNow().UtcDateTime;
            account.PasswordRecoveryStamp = RecoveryLinks.NewStamp();
            var token = links.Protect(new RecoveryLinkPayload(account.Id, now, account.PasswordRecoveryStamp));
            return new RecoveryPlan(account, true, needsCode, token, null, summary.AlternateEmail);
        }

        return new RecoveryPlan(account, false, false, null, await HelpersAsync(account, cancellationToken));
    }

    private static bool RequiresTwoMethods(Account account) =>
        account.Kind == AccountKind.Work && account.Organization?.MfaPolicy == MfaPolicy.Everyone;

    private async Task<RecoveryHelpers> HelpersAsync(Account account, CancellationToken cancellationToken)
    {
        if (account.OrganizationId is not { } orgId)
        {
            return new RecoveryHelpers([], []);
        }

        var admins = await db.RoleAssignments
            .Where(r => r.OrganizationId == orgId && r.Role == Roles.GlobalAdmin && r.LocationId == null && r.AccountId != account.Id)
            .Join(db.Users.Where(a => !a.IsBlocked), r => r.AccountId, a => a.Id, (r, a) => new { a.DisplayName, a.Email })
            .Distinct()
            .OrderBy(a => a.DisplayName)
            .ToListAsync(cancellationToken);
        var providers = new List<(string, string)>();
        if (account.Organization?.Type == PartnerType.IndirectReseller)
        {
            var now = time.GetUtcNow();
            var active = await db.DelegatedAdminRelationships.AsNoTracking()
                .Where(r => r.CustomerOrganizationId == orgId && r.Status == DelegatedAdminRelationshipStatus.Active)
                .Join(db.Organizations, r => r.ProviderOrganizationId, o => o.Id, (r, o) => new { r.Roles, r.EndsAt, o.DisplayName, o.PartnerId, o.Type })
                .ToListAsync(cancellationToken);
            providers.AddRange(active
                .Where(r => r.Type == PartnerType.IndirectProvider && (r.EndsAt is null || r.EndsAt > now) && r.Roles.Intersect(ResetCapableRoles).Any())
                .Select(r => (r.DisplayName, r.PartnerId))
                .Distinct()
                .OrderBy(p => p.DisplayName, StringComparer.Ordinal));
        }

        return new RecoveryHelpers(admins.Select(a => (a.DisplayName, a.Email)).ToList(), providers);
    }

    private static string Outcome(RecoveryPlan plan) =>
        plan.SelfService ? (plan.NeedsCode ? "link_with_code" : "link")
        : plan.Helpers is { GlobalAdmins.Count: > 0 } or { Providers.Count: > 0 } ? "admins_named" : "support";

    /// <summary>Counts one recovery email against each account's allowance; false when any is used up.</summary>
    private async Task<bool> TakeMailAllowanceAsync(List<Account> accounts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ids = accounts.Select(a => a.Id).ToList();
        var infos = await db.SecurityInfo.Where(s => ids.Contains(s.AccountId)).ToDictionaryAsync(s => s.AccountId, cancellationToken);
        var rows = accounts.Select(a => infos.TryGetValue(a.Id, out var info) ? info : db.SecurityInfo.Add(new AccountSecurityInfo { AccountId = a.Id }).Entity).ToList();
        foreach (var row in rows.Where(r => r.RecoveryMailWindowStartUtc is not { } start || now - start >= MailWindow))
        {
            row.RecoveryMailWindowStartUtc = now;
            row.RecoveryMailCount = 0;
        }

        if (rows.Any(r => r.RecoveryMailCount >= MailsPerWindow))
        {
            return false;
        }

        foreach (var row in rows)
        {
            row.RecoveryMailCount++;
        }

        return true;
    }
}
