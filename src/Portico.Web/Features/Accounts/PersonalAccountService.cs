using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.Accounts;

/// <summary>
/// Personal-account sign-up with an emailed 6-digit code (SPEC §2).
/// </summary>
/// <remarks>
/// Blocks account enumeration: the answer to a sign-up is the same whether or not the email already has a personal
/// account; the owner of an existing one is told by email instead. Blocks code guessing: 5 attempts per code, 15
/// minutes, codes stored only as hashes.
/// </remarks>
public sealed class PersonalAccountService(
    AppDbContext db,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    PasswordPolicy policy,
    AuditTrail audit,
    AccountEmails emails,
    TimeProvider time)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Starts a sign-up. Returns the rules the password breaks (empty when accepted and mailed).</summary>
    public async Task<IReadOnlyList<string>> StartAsync(string email, string password, string displayName, string? culture, CancellationToken cancellationToken)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        var rules = policy.Evaluate(password, new PasswordContext(displayName, email, null, HasMfa: false));
        if (rules.Count > 0)
        {
            return rules;
        }

        var normalized = SignInService.NormalizeEmail(email);
        var now = time.GetUtcNow().UtcDateTime;

        // Note: always hash, so a taken email costs the same time as a free one.
        var passwordHash = await queue.RunAsync(() => hasher.HashPassword(new Account(), password), cancellationToken);
        var exists = await db.Users.AnyAsync(a => a.Kind == AccountKind.Personal && a.NormalizedEmail == normalized, cancellationToken);
        if (exists)
        {
            audit.Record(AuditEventType.PersonalSignUpRequested, details: new { email, outcome = "already_registered" });
            await db.SaveChangesAsync(cancellationToken);
            await emails.SendAlreadyRegisteredAsync(email, culture, cancellationToken);
            return [];
        }

        await db.PersonalSignUps.Where(s => s.NormalizedEmail == normalized).ExecuteDeleteAsync(cancellationToken);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var signUp = new PersonalSignUp
        {
            Email = email,
            NormalizedEmail = normalized,
            DisplayName = displayName,
            PasswordHash = passwordHash,
            CreatedUtc = now,
            ExpiresUtc = now + CodeLifetime,
            PreferredCulture = culture,
        };
        signUp.CodeHash = HashCode(signUp.Id, code);
        db.PersonalSignUps.Add(signUp);
        audit.Record(AuditEventType.PersonalSignUpRequested, details: new { email, outcome = "code_sent" });
        await db.SaveChangesAsync(cancellationToken);
        await emails.SendSignUpCodeAsync(email, displayName, code, culture, cancellationToken);
        return [];
    }

    /// <summary>Confirms a code; returns the new account, or null when the code is wrong, used up or expired.</summary>
    public async Task<Account?> VerifyAsync(string email, string code, CancellationToken cancellationToken)
    {
        var normalized = SignInService.NormalizeEmail(email);
        var now = time.GetUtcNow().UtcDateTime;
        var signUp = await db.PersonalSignUps
            .Where(s => s.NormalizedEmail == normalized && s.ExpiresUtc > now)
            .OrderByDescending(s => s.CreatedUtc)
            .FirstOrDefaultAsync(cancellationToken);
        if (signUp is null || signUp.Attempts >= PersonalSignUp.MaxCodeAttempts)
        {
            return null;
        }

        var expected = Convert.FromHexString(signUp.CodeHash);
        var actual = Convert.FromHexString(HashCode(signUp.Id, code.Trim()));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            signUp.Attempts++;
            audit.Record(AuditEventType.PersonalSignUpCodeRejected, details: new { email = signUp.Email, attempts = signUp.Attempts });
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }

        if (await db.Users.AnyAsync(a => a.Kind == AccountKind.Personal && a.NormalizedEmail == normalized, cancellationToken))
        {
            return null;
        }

        var account = new Account
        {
            Kind = AccountKind.Personal,
            Email = signUp.Email,
            NormalizedEmail = normalized,
            EmailConfirmed = true,
            DisplayName = signUp.DisplayName,
            PasswordHash = signUp.PasswordHash,
            PreferredCulture = signUp.PreferredCulture,
            CreatedUtc = now,
            PasswordChangedUtc = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(account);
        db.PersonalSignUps.Remove(signUp);
        audit.Record(AuditEventType.PersonalAccountVerified, targetAccountId: account.Id, details: new { email = account.Email }, actorAccountId: account.Id);
        await db.SaveChangesAsync(cancellationToken);
        return account;
    }

    private static string HashCode(Guid signUpId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signUpId.ToString("N") + ":" + code)));
}
