using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.Accounts;

/// <summary>Why a password is being set; decides the audit event, which sessions end and which email goes out.</summary>
public enum PasswordSetPurpose
{
    /// <summary>The owner changed it while signed in (the current session stays).</summary>
    Changed,

    /// <summary>An admin set a temporary password (must be changed at the next sign-in).</summary>
    ResetByAdmin,

    /// <summary>The owner reset it through a recovery link.</summary>
    Recovered,

    /// <summary>The invited person chose their first password.</summary>
    InvitationAccepted,
}

/// <summary>
/// The one place a password is set (own change, admin reset, self-service recovery, invitation): policy check,
/// hashing through the bounded queue, session and lockout side effects, audit and notification.
/// </summary>
/// <remarks>
/// Blocks a changed or reset password from leaving a door open: the security stamp rotates (voiding invitation
/// links and other stamp-bound tokens), outstanding recovery links are voided, sessions end (all, or all but the
/// caller's own), and lockout is cleared so the owner can sign in at once. The hasher NFKC-normalises; the policy
/// evaluates the NFKC form.
/// </remarks>
public sealed class PasswordSetter(
    AppDbContext db,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    PasswordPolicy policy,
    SessionService sessions,
    AuditTrail audit,
    AccountEmails emails,
    TimeProvider time)
{
    /// <summary>The <see cref="PasswordRules"/> the password breaks for <paramref name="account"/> (its organization must be loaded).</summary>
    public IReadOnlyList<string> Check(Account account, string newPassword)
    {
        ArgumentNullException.ThrowIfNull(account);
        return policy.Evaluate(newPassword, new PasswordContext(
            account.DisplayName, account.Email, account.Organization?.DisplayName, account.TwoFactorEnabled));
    }

    /// <summary>
    /// Sets the password (already checked, or a generated temporary one), saves once with its audit record, then
    /// emails the owner. Returns how many sessions ended.
    /// </summary>
    public async Task<int> SetAsync(
        Account account, string newPassword, PasswordSetPurpose purpose, CancellationToken cancellationToken,
        Guid? keepSession = null, string? actorName = null, Guid? actorAccountId = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.PasswordHash = await queue.RunAsync(() => hasher.HashPassword(account, newPassword), cancellationToken);
        account.MustChangePassword = purpose == PasswordSetPurpose.ResetByAdmin;
        account.PasswordChangedUtc = time.GetUtcNow().UtcDateTime;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        account.PasswordRecoveryStamp = null;
        LockoutPolicy.RegisterSuccess(account);
        var reason = purpose == PasswordSetPurpose.Changed ? SessionEndReason.PasswordChanged : SessionEndReason.PasswordReset;
        var ended = await sessions.EndAllAsync(account.Id, reason, keep: purpose == PasswordSetPurpose.Changed ? keepSession : null, cancellationToken);
        var type = purpose switch
        {
            PasswordSetPurpose.Changed => AuditEventType.PasswordChanged,
            PasswordSetPurpose.ResetByAdmin => AuditEventType.PasswordResetByAdmin,
            PasswordSetPurpose.Recovered => AuditEventType.PasswordRecovered,
            _ => AuditEventType.InvitationAccepted,
        };
        object details = purpose == PasswordSetPurpose.Changed ? new { otherSessionsEnded = ended } : new { sessionsEnded = ended };
        audit.Record(type, account.OrganizationId, account.Id, details, actorAccountId: actorAccountId);
        await db.SaveChangesAsync(cancellationToken);
        switch (purpose)
        {
            case PasswordSetPurpose.ResetByAdmin:
                await emails.SendPasswordResetByAdminAsync(account, actorName ?? "", cancellationToken);
                break;
            case PasswordSetPurpose.Changed or PasswordSetPurpose.Recovered:
                await emails.SendPasswordChangedAsync(account, cancellationToken);
                break;
            default:
                // Note: accepting an invitation sets a first password; the invitation itself was the notification.
                break;
        }

        return ended;
    }
}
