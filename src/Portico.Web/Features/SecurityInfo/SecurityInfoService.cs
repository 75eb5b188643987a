using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>The outcome of a security-info command: success or a stable error code with its HTTP status.</summary>
public sealed record SecurityInfoResult(int Status, string? Error = null)
{
    public bool Succeeded => Error is null;

    public static readonly SecurityInfoResult Ok = new(200);

    public static SecurityInfoResult Fail(int status, string error) => new(status, error);
}

/// <summary>Stable error codes of security info and MFA (each has <c>Error.&lt;code&gt;</c> in both resource files).</summary>
public static class SecurityInfoErrors
{
    public const string ReauthenticationRequired = "reauthentication_required";
    public const string NoPendingAuthenticator = "no_pending_authenticator";
    public const string MfaNotPending = "mfa_not_pending";
    public const string MfaRegistrationRequired = "mfa_registration_required";
    public const string LastMfaMethod = "last_mfa_method";
    public const string NoPendingVerification = "no_pending_verification";
}

/// <summary>A freshly generated authenticator secret, shown once for the app to scan.</summary>
public sealed record AuthenticatorSetup(string Secret, string OtpAuthUri);

/// <summary>
/// Writes of Security info: authenticator app, recovery codes, re-authentication. Each change needs a recent
/// re-authentication of the session (password or MFA code within <see cref="ReauthenticationWindow"/>), is audited
/// in the same transaction and notified to the account's email.
/// </summary>
/// <remarks>
/// Blocks a stolen or unattended session from quietly adding its own second factor or removing the owner's: changes
/// ask for the password or a code again, and the owner is emailed about each one.
/// </remarks>
public sealed class SecurityInfoService(
    AppDbContext db,
    UserManager<Account> userManager,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    SecondFactor secondFactor,
    SecurityInfoQueries queries,
    AuditTrail audit,
    AccountEmails emails,
    Infrastructure.Sms.ISmsSender sms,
    Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource> t,
    TimeProvider time)
{
    public static readonly TimeSpan ReauthenticationWindow = TimeSpan.FromMinutes(10);

    /// <summary>A pending (unconfirmed) authenticator secret stays usable for this long.</summary>
    public static readonly TimeSpan PendingAuthenticatorLifetime = TimeSpan.FromMinutes(15);

    public const int RecoveryCodeCount = 10;

    /// <summary>A code sent to an alternate email or phone works for this long, and for this many tries.</summary>
    public static readonly TimeSpan VerificationCodeLifetime = TimeSpan.FromMinutes(10);

    public const int VerificationCodeAttempts = 5;

    /// <summary>Kinds of contact methods verified with a sent code.</summary>
    public const string EmailKind = "email";
    public const string PhoneKind = "phone";

    public async Task<bool> IsRecentlyAuthenticatedAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime - ReauthenticationWindow;
        return await db.Sessions.AnyAsync(s => s.Id == sessionId && s.ReauthenticatedUtc != null && s.ReauthenticatedUtc > since, cancellationToken);
    }

    /// <summary>Confirms it is still the owner at the keyboard: the password, or a second-factor code.</summary>
    public async Task<SecurityInfoResult> ReauthenticateAsync(Guid accountId, Guid sessionId, string? password, string? code, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        string? method = null;
        if (!string.IsNullOrEmpty(password))
        {
            var check = await queue.RunAsync(() => hasher.Check(account, account.PasswordHash ?? "", password), cancellationToken);
            if (account.PasswordHash is not null && check.Succeeded && !LockoutPolicy.IsLocked(account, time.GetUtcNow().UtcDateTime))
            {
                method = "password";
            }
        }
        else if (!string.IsNullOrEmpty(code))
        {
            method = await secondFactor.VerifyAsync(account, code, cancellationToken);
        }

        if (method is null)
        {
            audit.Record(AuditEventType.ReauthenticationFailed, account.OrganizationId, account.Id);
            await db.SaveChangesAsync(cancellationToken);
            return SecurityInfoResult.Fail(StatusCodes.Status400BadRequest,
                string.IsNullOrEmpty(password) ? Infrastructure.Api.ErrorCodes.InvalidCode : Infrastructure.Api.ErrorCodes.CurrentPasswordIncorrect);
        }

        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId, cancellationToken);
        session.ReauthenticatedUtc = time.GetUtcNow().UtcDateTime;
        audit.Record(AuditEventType.Reauthenticated, account.OrganizationId, account.Id, new { method });
        await db.SaveChangesAsync(cancellationToken);
        return SecurityInfoResult.Ok;
    }

    /// <summary>Completes the second step of a sign-in that answered <c>mfaRequired</c>.</summary>
    public async Task<SecurityInfoResult> CompleteMfaAsync(Guid accountId, Guid sessionId, string? code, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId, cancellationToken);
        if (!session.MfaPending)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.MfaNotPending);
        }

        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        if (!account.TwoFactorEnabled)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.MfaRegistrationRequired);
        }

        var method = await secondFactor.VerifyAsync(account, code, cancellationToken);
        if (method is null)
        {
            audit.Record(AuditEventType.MfaFailed, account.OrganizationId, account.Id, new { sessionId });
            await db.SaveChangesAsync(cancellationToken);
            return SecurityInfoResult.Fail(StatusCodes.Status400BadRequest, Infrastructure.Api.ErrorCodes.InvalidCode);
        }

        session.MfaPending = false;
        session.MfaCompleted = true;
        session.ReauthenticatedUtc = time.GetUtcNow().UtcDateTime;
        LockoutPolicy.RegisterSuccess(account);
        audit.Record(AuditEventType.MfaCompleted, account.OrganizationId, account.Id, new { sessionId, method });
        await db.SaveChangesAsync(cancellationToken);
        return SecurityInfoResult.Ok;
    }

    /// <summary>Starts adding an authenticator app: a new secret, kept pending until a code from it is confirmed.</summary>
    public async Task<AuthenticatorSetup> BeginAuthenticatorAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await GetOrAddAsync(accountId, cancellationToken);
        info.PendingAuthenticatorKey = Totp.NewKey();
        info.PendingAuthenticatorCreatedUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return new AuthenticatorSetup(info.PendingAuthenticatorKey, Totp.OtpAuthUri("Portico", account.Email ?? account.DisplayName, info.PendingAuthenticatorKey));
    }

    /// <summary>The pending secret (to show again after a failed confirmation), or null.</summary>
    public async Task<AuthenticatorSetup?> PendingAuthenticatorAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var info = await db.SecurityInfo.AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        if (info?.PendingAuthenticatorKey is not { } key || info.PendingAuthenticatorCreatedUtc + PendingAuthenticatorLifetime < time.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        var email = await db.Users.Where(a => a.Id == accountId).Select(a => a.Email).SingleAsync(cancellationToken);
        return new AuthenticatorSetup(key, Totp.OtpAuthUri("Portico", email ?? "", key));
    }

    /// <summary>
    /// Confirms the pending authenticator with a code from it; it replaces any earlier one. The session counts as
    /// having completed MFA (the code proves possession), which also ends a registration the sign-in asked for.
    /// </summary>
    public async Task<SecurityInfoResult> ConfirmAuthenticatorAsync(Guid accountId, Guid sessionId, string? code, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await db.SecurityInfo.SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        var now = time.GetUtcNow();
        if (info?.PendingAuthenticatorKey is not { } key || info.PendingAuthenticatorCreatedUtc + PendingAuthenticatorLifetime < now.UtcDateTime)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.NoPendingAuthenticator);
        }

        if (Totp.Match(key, code ?? "", now, lastAcceptedStep: 0) is not { } step)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status400BadRequest, Infrastructure.Api.ErrorCodes.InvalidCode);
        }

        var replaced = info.AuthenticatorKey is not null;
        info.AuthenticatorKey = key;
        info.AuthenticatorAddedUtc = now.UtcDateTime;
        info.AuthenticatorLastTimeStep = step;
        info.PendingAuthenticatorKey = null;
        info.PendingAuthenticatorCreatedUtc = null;
        account.TwoFactorEnabled = true;
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId, cancellationToken);
        session.MfaPending = false;
        session.MfaCompleted = true;
        session.ReauthenticatedUtc = now.UtcDateTime;
        audit.Record(AuditEventType.AuthenticatorAdded, account.OrganizationId, account.Id, new { replaced });
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendSecurityInfoChangedAsync(account, "Authenticator.Added", cancellationToken);
        return SecurityInfoResult.Ok;
    }

    public async Task<SecurityInfoResult> RemoveAuthenticatorAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.Include(a => a.Organization).SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await db.SecurityInfo.SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        if (info?.AuthenticatorKey is null)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        // Note: with MFA required for everyone, the last method that completes it cannot be removed (only replaced).
        if (account.Organization?.MfaPolicy == Organizations.MfaPolicy.Everyone && !await HasOtherMfaMethodAsync(account, "authenticator", cancellationToken))
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.LastMfaMethod);
        }

        info.AuthenticatorKey = null;
        info.AuthenticatorAddedUtc = null;
        account.TwoFactorEnabled = await HasOtherMfaMethodAsync(account, "authenticator", cancellationToken);
        audit.Record(AuditEventType.AuthenticatorRemoved, account.OrganizationId, account.Id);
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendSecurityInfoChangedAsync(account, "Authenticator.Removed", cancellationToken);
        return SecurityInfoResult.Ok;
    }

    /// <summary>Ten new single-use recovery codes; the earlier ones stop working. Shown once, stored by Identity.</summary>
    public async Task<IReadOnlyList<string>> GenerateRecoveryCodesAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        audit.Record(AuditEventType.RecoveryCodesGenerated, account.OrganizationId, account.Id, new { count = RecoveryCodeCount });

        // Note: the user store saves the codes and the audit record above in one SaveChanges.
        var codes = (await userManager.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("The user store does not keep recovery codes.");
        await emails.SendSecurityInfoChangedAsync(account, "RecoveryCodes.Generated", cancellationToken);
        return codes;
    }

    /// <summary>Sends a 6-digit code to a new alternate email or mobile phone; it is registered once the code comes back.</summary>
    public async Task StartContactVerificationAsync(Guid accountId, string kind, string target, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await GetOrAddAsync(accountId, cancellationToken);
        var code = System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        info.PendingKind = kind;
        info.PendingTarget = target;
        info.PendingCodeHash = CodeHash(accountId, kind, target, code);
        info.PendingCodeExpiresUtc = time.GetUtcNow().UtcDateTime + VerificationCodeLifetime;
        info.PendingCodeAttempts = 0;
        await db.SaveChangesAsync(cancellationToken);
        if (kind == EmailKind)
        {
            await emails.SendAlternateEmailCodeAsync(account, target, code, cancellationToken);
        }
        else
        {
            await sms.SendAsync(target, SmsText(account, code), cancellationToken);
        }
    }

    /// <summary>The alternate email or phone waiting for its code, or null.</summary>
    public async Task<(string Kind, string Target)?> PendingContactAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var info = await db.SecurityInfo.AsNoTracking().SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        return info is { PendingKind: { } kind, PendingTarget: { } target } && info.PendingCodeExpiresUtc > time.GetUtcNow().UtcDateTime
            ? (kind, target)
            : null;
    }

    /// <summary>Registers the pending alternate email or phone when <paramref name="code"/> is the one sent to it.</summary>
    public async Task<SecurityInfoResult> ConfirmContactAsync(Guid accountId, string kind, string? code, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await db.SecurityInfo.SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (info is not { PendingKind: { } pendingKind, PendingTarget: { } target, PendingCodeHash: { } hash } || pendingKind != kind
            || info.PendingCodeExpiresUtc <= now || info.PendingCodeAttempts >= VerificationCodeAttempts)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.NoPendingVerification);
        }

        var normalized = Totp.NormalizeCode(code);
        if (normalized is null || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(hash), System.Text.Encoding.ASCII.GetBytes(CodeHash(accountId, kind, target, normalized))))
        {
            info.PendingCodeAttempts++;
            await db.SaveChangesAsync(cancellationToken);
            return SecurityInfoResult.Fail(StatusCodes.Status400BadRequest, Infrastructure.Api.ErrorCodes.InvalidCode);
        }

        if (kind == EmailKind)
        {
            info.AlternateEmail = target;
            info.AlternateEmailVerifiedUtc = now;
        }
        else
        {
            info.Phone = target;
            info.PhoneVerifiedUtc = now;
        }

        info.PendingKind = info.PendingTarget = info.PendingCodeHash = null;
        info.PendingCodeExpiresUtc = null;
        info.PendingCodeAttempts = 0;
        audit.Record(kind == EmailKind ? AuditEventType.AlternateEmailVerified : AuditEventType.PhoneVerified, account.OrganizationId, account.Id);
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendSecurityInfoChangedAsync(account, kind == EmailKind ? "AlternateEmail.Added" : "Phone.Added", cancellationToken);
        return SecurityInfoResult.Ok;
    }

    public async Task<SecurityInfoResult> RemoveContactAsync(Guid accountId, string kind, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var info = await db.SecurityInfo.SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        if (info is null || (kind == EmailKind ? info.AlternateEmailVerifiedUtc : info.PhoneVerifiedUtc) is null)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        if (kind == EmailKind)
        {
            info.AlternateEmail = null;
            info.AlternateEmailVerifiedUtc = null;
        }
        else
        {
            info.Phone = null;
            info.PhoneVerifiedUtc = null;
        }

        audit.Record(kind == EmailKind ? AuditEventType.AlternateEmailRemoved : AuditEventType.PhoneRemoved, account.OrganizationId, account.Id);
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendSecurityInfoChangedAsync(account, kind == EmailKind ? "AlternateEmail.Removed" : "Phone.Removed", cancellationToken);
        return SecurityInfoResult.Ok;
    }

    /// <summary>Normalizes a mobile number to E.164 (<c>+</c>, country code, digits); null when it is not one.</summary>
    public static string? NormalizePhone(string? phone)
    {
        if (phone is null || phone.Length > 32)
        {
            return null;
        }

        var folded = phone.Normalize(System.Text.NormalizationForm.FormKC);
        var digits = new System.Text.StringBuilder();
        foreach (var c in folded)
        {
            if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return null;
            }
        }

        var value = digits.ToString();
        return System.Text.RegularExpressions.Regex.IsMatch(value, @"^\+[1-9][0-9]{6,14}$") ? value : null;
    }

    private string SmsText(Account account, string code)
    {
        using var scope = Infrastructure.Localization.CultureScope.Use(account.PreferredCulture);
        return t["Sms.VerificationCode", code].Value;
    }

    private static string CodeHash(Guid accountId, string kind, string target, string code) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{accountId:N}|{kind}|{target}|{code}")));

    private async Task<bool> HasOtherMfaMethodAsync(Account account, string except, CancellationToken cancellationToken)
    {
        var summary = await queries.GetAsync(account.Id, cancellationToken);
        return (except != "authenticator" && summary.Authenticator) || (except != "passkey" && summary.Passkeys > 0);
    }

    internal async Task<AccountSecurityInfo> GetOrAddAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var info = await db.SecurityInfo.SingleOrDefaultAsync(s => s.AccountId == accountId, cancellationToken);
        if (info is null)
        {
            info = new AccountSecurityInfo { AccountId = accountId };
            db.SecurityInfo.Add(info);
        }

        return info;
    }
}
