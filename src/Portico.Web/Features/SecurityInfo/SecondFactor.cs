using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>
/// Checks a second-factor code: an authenticator app's current code (each time step accepted once) or one of the
/// account's recovery codes (each usable once). Used by the MFA step at sign-in, by re-authentication and by a
/// password recovery that needs two methods.
/// </summary>
/// <remarks>
/// Blocks replay and online guessing of codes: the accepted time step is stored with a conditional update, so the
/// same code (even sent twice concurrently) works once; every wrong code counts toward the account's smart lockout,
/// and a locked account accepts no code at all. The caller saves the failure counters with its own audit record;
/// the code that locks the account saves the lockout at once, before its notice is queued.
/// </remarks>
public sealed class SecondFactor(
    AppDbContext db,
    UserManager<Account> userManager,
    AuditTrail audit,
    AccountEmails emails,
    TimeProvider time,
    IOptions<SmartLockoutOptions> lockoutOptions)
{
    /// <summary>Verifies <paramref name="code"/>; returns the method used (<c>authenticator</c>, <c>recovery_code</c>) or null.</summary>
    public async Task<string?> VerifyAsync(Account account, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        if (LockoutPolicy.IsLocked(account, now.UtcDateTime) || string.IsNullOrWhiteSpace(code) || code.Length > 32)
        {
            return null;
        }

        var info = await db.SecurityInfo.AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == account.Id, cancellationToken);
        if (info?.AuthenticatorKey is { } key && Totp.Match(key, code, now, info.AuthenticatorLastTimeStep) is { } step)
        {
            // Note: conditional on the stored step, so two requests racing with the same code cannot both pass.
            var updated = await db.SecurityInfo
                .Where(s => s.AccountId == account.Id && s.AuthenticatorLastTimeStep < step)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.AuthenticatorLastTimeStep, step), cancellationToken);
            if (updated == 1)
            {
                return "authenticator";
            }
        }
        else if (Totp.NormalizeCode(code) is null)
        {
            var candidate = code.Trim().ToUpperInvariant();
            var codes = await userManager.GetAuthenticationTokenAsync(account, SecurityInfoQueries.IdentityStoreProvider, SecurityInfoQueries.RecoveryCodesName);
            if (!string.IsNullOrEmpty(codes) && codes.Split(';').Contains(candidate, StringComparer.Ordinal))
            {
                audit.Record(AuditEventType.RecoveryCodeUsed, account.OrganizationId, account.Id, actorAccountId: account.Id);

                // Note: redeeming saves through the user store, together with the audit record above.
                if ((await userManager.RedeemTwoFactorRecoveryCodeAsync(account, candidate)).Succeeded)
                {
                    return "recovery_code";
                }
            }
        }

        if (LockoutPolicy.RegisterFailure(account, "", now.UtcDateTime, lockoutOptions.Value) == FailureOutcome.LockedOut)
        {
            audit.Record(AuditEventType.AccountLockedOut, account.OrganizationId, account.Id,
                new { until = account.LockedUntilUtc, lockouts = account.LockoutCount, factor = "code" }, actorAccountId: account.Id);

            // Note: the lockout is stored before its notice is queued, so no notice goes out for a lockout a failed
            // save never recorded (the sign-in path queues after its save too).
            await db.SaveChangesAsync(cancellationToken);
            emails.QueueLockedOut(account, account.LockedUntilUtc!.Value);
        }

        return null;
    }
}
