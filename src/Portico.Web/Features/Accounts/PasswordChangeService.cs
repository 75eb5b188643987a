using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.Accounts;

public abstract record PasswordChangeResult
{
    private PasswordChangeResult()
    {
    }

    public sealed record Changed : PasswordChangeResult;

    public sealed record CurrentPasswordIncorrect : PasswordChangeResult;

    /// <summary>The new password breaks these <see cref="PasswordRules"/>.</summary>
    public sealed record Rejected(IReadOnlyList<string> Rules) : PasswordChangeResult;
}

/// <summary>
/// Changes a signed-in account's own password: verifies the current one, applies the password policy, ends every
/// other session, clears a temporary-password flag, audits and notifies the owner.
/// </summary>
public sealed class PasswordChangeService(
    AppDbContext db,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    PasswordSetter setter)
{
    public async Task<PasswordChangeResult> ChangeAsync(
        Guid accountId, Guid currentSessionId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var account = await db.Users.Include(a => a.Organization).SingleAsync(a => a.Id == accountId, cancellationToken);
        var check = await queue.RunAsync(() => hasher.Check(account, account.PasswordHash ?? "", currentPassword), cancellationToken);
        if (account.PasswordHash is null || !check.Succeeded)
        {
            return new PasswordChangeResult.CurrentPasswordIncorrect();
        }

        var rules = setter.Check(account, newPassword).ToList();
        if (string.Equals(newPassword, currentPassword, StringComparison.Ordinal))
        {
            rules.Add(PasswordRules.SameAsCurrent);
        }

        if (rules.Count > 0)
        {
            return new PasswordChangeResult.Rejected(rules);
        }

        await setter.SetAsync(account, newPassword, PasswordSetPurpose.Changed, cancellationToken, keepSession: currentSessionId);
        return new PasswordChangeResult.Changed();
    }
}
