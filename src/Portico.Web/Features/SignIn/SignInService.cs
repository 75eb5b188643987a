using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.SignIn;

/// <summary>One account a sign-in could continue with (shown as a tile in the account picker).</summary>
public sealed record AccountChoice(Guid AccountId, AccountKind Kind, Guid? OrganizationId, string? OrganizationName);

public abstract record SignInOutcome
{
    private SignInOutcome()
    {
    }

    /// <param name="MfaRequired">The session must present a second factor (or register one) before it is usable.</param>
    /// <param name="MfaRegistrationRequired">The organization requires MFA and the account has no method yet: register one first.</param>
    public sealed record Succeeded(Account Account, string Token, bool MfaRequired, bool MfaRegistrationRequired = false) : SignInOutcome;

    public sealed record SelectionRequired(IReadOnlyList<AccountChoice> Accounts) : SignInOutcome;

    /// <summary>Every failure looks the same to the caller; <see cref="Reason"/> is for the audit trail only.</summary>
    public sealed record Failed(string Reason) : SignInOutcome;
}

/// <summary>
/// Email + password sign-in across account kinds (SPEC §4): the password is checked against every account with
/// that email; exactly one match signs in; a match on both asks which; none fails generically.
/// </summary>
/// <remarks>
/// Blocks account enumeration and online guessing. An unknown email is hashed against a dummy hash of the same
/// cost; locked and blocked accounts still hash and fail exactly like a wrong password; smart lockout counts
/// distinct wrong passwords only; all hashing goes through the bounded <see cref="PasswordHashingQueue"/>.
/// </remarks>
public sealed class SignInService(
    AppDbContext db,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    SessionService sessions,
    AuditTrail audit,
    AccountEmails emails,
    TimeProvider time,
    IOptions<SmartLockoutOptions> lockoutOptions,
    DummyPasswordHash dummy)
{
    // Note: compiled once; EF otherwise rebuilds, hashes and looks up the query's expression tree on every sign-in.
    // Read without tracking: most sign-ins change nothing in the account, and an account is attached (Track) only
    // before a change; tracking every one cost a tenth of a sign-in's request CPU (docs/benchmarks/signin.md).
    private static readonly Func<AppDbContext, string, IAsyncEnumerable<Account>> AccountsByEmail = EF.CompileAsyncQuery<AppDbContext, string, Account>(
        (db, normalizedEmail) => db.Users.AsNoTracking().Include(a => a.Organization).Where(a => a.NormalizedEmail == normalizedEmail).OrderBy(a => a.Kind));

    private static readonly Func<AppDbContext, string, AccountKind, IAsyncEnumerable<Account>> AccountsByEmailAndKind = EF.CompileAsyncQuery<AppDbContext, string, AccountKind, Account>(
        (db, normalizedEmail, kind) =>
            db.Users.AsNoTracking().Include(a => a.Organization).Where(a => a.NormalizedEmail == normalizedEmail && a.Kind == kind));

    public async Task<SignInOutcome> SignInAsync(
        string email, string password, AccountKind? kind, SessionClient client, HttpContext? http, CancellationToken cancellationToken)
    {
        var normalized = NormalizeEmail(email);
        var accounts = await (kind is { } k ? AccountsByEmailAndKind(db, normalized, k) : AccountsByEmail(db, normalized))
            .ToListAsync(cancellationToken);
        if (accounts.Count == 0)
        {
            await queue.RunAsync(() => hasher.Check(null, dummy.Value, password), cancellationToken);
            return await FailAsync(null, "unknown_email", email, cancellationToken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var matches = new List<(Account Account, PasswordVerificationResult Result)>();
        var reasons = new List<string>();
        var lockedOut = new List<Account>();
        foreach (var account in accounts)
        {
            var check = await queue.RunAsync(() => hasher.Check(account, account.PasswordHash ?? dummy.Value, password), cancellationToken);
            var hasPassword = account.PasswordHash is not null;
            if (LockoutPolicy.IsLocked(account, now))
            {
                reasons.Add($"{account.Kind}:locked");
            }
            else if (!check.Succeeded || !hasPassword)
            {
                reasons.Add($"{account.Kind}:wrong_password");
                Track(account);
                if (LockoutPolicy.RegisterFailure(account, check.Fingerprint, now, lockoutOptions.Value) == FailureOutcome.LockedOut)
                {
                    lockedOut.Add(account);
                    audit.Record(AuditEventType.AccountLockedOut, account.OrganizationId, account.Id,
                        new { until = account.LockedUntilUtc, lockouts = account.LockoutCount }, actorAccountId: account.Id);
                }
            }
            else if (account.IsBlocked)
            {
                reasons.Add($"{account.Kind}:blocked");
            }
            else
            {
                matches.Add((account, check.Result));
            }
        }

        if (matches.Count == 0)
        {
            var outcome = await FailAsync(accounts, string.Join(',', reasons), email, cancellationToken);
            foreach (var account in lockedOut)
            {
                emails.QueueLockedOut(account, account.LockedUntilUtc!.Value);
            }

            return outcome;
        }

        if (matches.Count > 1)
        {
            // Note: the failed-elsewhere counters above are persisted even though the caller must still choose.
            await db.SaveChangesAsync(cancellationToken);
            return new SignInOutcome.SelectionRequired(matches
                .Select(m => new AccountChoice(m.Account.Id, m.Account.Kind, m.Account.OrganizationId, m.Account.Organization?.DisplayName))
                .ToList());
        }

        var (chosen, result) = matches[0];
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            Track(chosen);
            chosen.PasswordHash = await queue.RunAsync(() => hasher.HashPassword(chosen, password), cancellationToken);
            audit.Record(AuditEventType.PasswordRehashed, chosen.OrganizationId, chosen.Id, new { algorithm = "argon2id" }, actorAccountId: chosen.Id);
        }

        var token = Complete(chosen, client, http, kind is null ? "password" : "password+selection");
        await db.SaveChangesAsync(cancellationToken);
        return Succeeded(chosen, token);
    }

    /// <summary>
    /// Finishes a sign-in whose password was already verified (the account picker's second step). The caller
    /// proves that with a short-lived, data-protected selection ticket.
    /// </summary>
    public async Task<SignInOutcome> CompleteSelectionAsync(Guid accountId, SessionClient client, HttpContext? http, CancellationToken cancellationToken)
    {
        var account = await db.Users.Include(a => a.Organization).SingleOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (account is null || account.IsBlocked || LockoutPolicy.IsLocked(account, now))
        {
            return await FailAsync(account is null ? null : [account], "selection_no_longer_valid", account?.Email ?? "", cancellationToken);
        }

        var token = Complete(account, client, http, "password+selection");
        await db.SaveChangesAsync(cancellationToken);
        return Succeeded(account, token);
    }

    /// <summary>
    /// Signs in the account whose passkey just verified (no password). A passkey is possession plus the device's
    /// user verification, so the session has completed MFA.
    /// </summary>
    public async Task<SignInOutcome> CompletePasskeyAsync(Account account, SessionClient client, HttpContext? http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.IsBlocked || LockoutPolicy.IsLocked(account, time.GetUtcNow().UtcDateTime))
        {
            return await FailAsync([account], account.IsBlocked ? "passkey:blocked" : "passkey:locked", account.Email ?? "", cancellationToken);
        }

        var token = Complete(account, client, http, "passkey", passkey: true);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInOutcome.Succeeded(account, token, MfaRequired: false);
    }

    public static string NormalizeEmail(string email) => email.Trim().ToUpperInvariant();

    /// <summary>
    /// Whether the sign-in owes a second factor, decided as Entra does: an account with a registered method is
    /// always asked for it; an account without one is asked to register one when its organization requires MFA for
    /// everyone (otherwise MFA is asked only when a sensitive capability needs it).
    /// </summary>
    public static bool MfaRequired(Account account) => account.TwoFactorEnabled || MfaRegistrationRequired(account);

    public static bool MfaRegistrationRequired(Account account) =>
        !account.TwoFactorEnabled && account.Organization?.MfaPolicy == Organizations.MfaPolicy.Everyone;

    private static SignInOutcome.Succeeded Succeeded(Account account, string token) =>
        new(account, token, MfaRequired(account), MfaRegistrationRequired(account));

    private string Complete(Account account, SessionClient client, HttpContext? http, string method, bool passkey = false)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // Note: last sign-in is kept to the minute, so back-to-back sign-ins do not each rewrite the account row.
        var lastSignInDue = account.LastSignInUtc is not { } last || now - last >= TimeSpan.FromMinutes(1);

        // Note: a successful sign-in clears the failure counters and voids an outstanding recovery link (SPEC §5).
        if (lastSignInDue || account.PasswordRecoveryStamp is not null || LockoutPolicy.HasFailures(account))
        {
            Track(account);
            LockoutPolicy.RegisterSuccess(account);
            account.PasswordRecoveryStamp = null;
            if (lastSignInDue)
            {
                account.LastSignInUtc = now;
            }
        }

        var token = sessions.Create(account, client, http, mfaPending: !passkey && MfaRequired(account), mfaCompleted: passkey);
        audit.Record(AuditEventType.SignInSucceeded, account.OrganizationId, account.Id,
            new { kind = account.Kind.ToString(), client = client.ToString(), method }, actorAccountId: account.Id);
        return token;
    }

    /// <summary>Attaches an account read without tracking (with its organization, unchanged) before it is changed.</summary>
    private void Track(Account account)
    {
        if (db.Entry(account).State == EntityState.Detached)
        {
            db.Attach(account);
        }
    }

    private async Task<SignInOutcome> FailAsync(List<Account>? accounts, string reason, string email, CancellationToken cancellationToken)
    {
        var attempted = email.Length > 254 ? email[..254] : email;
        if (accounts is null || accounts.Count == 0)
        {
            audit.Record(AuditEventType.SignInFailed, details: new { email = attempted, reason });
        }
        else
        {
            foreach (var account in accounts)
            {
                audit.Record(AuditEventType.SignInFailed, account.OrganizationId, account.Id, new { email = attempted, reason });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SignInOutcome.Failed(reason);
    }
}

/// <summary>
/// A hash of a random password with the current parameters, verified against when the email is unknown so that
/// an unknown email costs the same work as a known one.
/// </summary>
public sealed class DummyPasswordHash(Argon2idPasswordHasher hasher)
{
    private readonly Lazy<string> value = new(() => hasher.HashPassword(new Account(), Guid.NewGuid().ToString("N")));

    public string Value => value.Value;
}
