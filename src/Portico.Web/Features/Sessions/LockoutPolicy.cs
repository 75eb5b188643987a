using Portico.Web.Features.Accounts;

namespace Portico.Web.Features.Sessions;

public sealed class SmartLockoutOptions
{
    /// <summary>Counted failures before the first lockout.</summary>
    public int Threshold { get; set; } = 10;

    /// <summary>Length of the first lockout; each further lockout doubles it.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of a single lockout.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many distinct recent wrong passwords are remembered (as fingerprints).</summary>
    public int RememberedFailures { get; set; } = 10;
}

public enum FailureOutcome
{
    /// <summary>Not counted: the account is already locked, or the same wrong password was tried before.</summary>
    NotCounted,

    Counted,

    /// <summary>This failure started a lockout; the owner is told by email.</summary>
    LockedOut,
}

/// <summary>
/// Smart lockout arithmetic (pure, unit-tested): <c>Threshold</c> counted failures lock the account for
/// <c>Duration</c>; after a lockout, the next counted failure locks again for twice as long, up to <c>MaxDuration</c>.
/// </summary>
/// <remarks>
/// Blocks online password guessing against one account while sparing its owner: a user who retries the same wrong
/// password (a stale saved password, a sync client) is counted once, not once per retry.
/// </remarks>
public static class LockoutPolicy
{
    public static bool IsLocked(Account account, DateTime nowUtc) =>
        account.LockedUntilUtc is { } until && until > nowUtc;

    public static FailureOutcome RegisterFailure(Account account, string fingerprint, DateTime nowUtc, SmartLockoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);

        if (IsLocked(account, nowUtc))
        {
            return FailureOutcome.NotCounted;
        }

        var remembered = (account.RecentFailureFingerprints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (fingerprint.Length > 0 && remembered.Contains(fingerprint, StringComparer.Ordinal))
        {
            return FailureOutcome.NotCounted;
        }

        if (fingerprint.Length > 0)
        {
            remembered.Add(fingerprint);
            if (remembered.Count > options.RememberedFailures)
            {
                remembered.RemoveRange(0, remembered.Count - options.RememberedFailures);
            }

            account.RecentFailureFingerprints = string.Join(',', remembered);
        }

        account.FailedSignInCount++;
        if (account.FailedSignInCount < options.Threshold)
        {
            return FailureOutcome.Counted;
        }

        account.LockedUntilUtc = nowUtc + LockoutDuration(account.LockoutCount, options);
        account.LockoutCount++;

        // Note: after a lockout ends, one more counted failure locks again (for twice as long).
        account.FailedSignInCount = options.Threshold - 1;
        return FailureOutcome.LockedOut;
    }

    /// <summary>Whether the account holds anything <see cref="RegisterSuccess"/> clears.</summary>
    public static bool HasFailures(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.FailedSignInCount != 0 || account.LockoutCount != 0 || account.LockedUntilUtc is not null || account.RecentFailureFingerprints is not null;
    }

    public static void RegisterSuccess(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.FailedSignInCount = 0;
        account.LockoutCount = 0;
        account.LockedUntilUtc = null;
        account.RecentFailureFingerprints = null;
    }

    public static TimeSpan LockoutDuration(int previousLockouts, SmartLockoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factor = Math.Pow(2, Math.Min(previousLockouts, 30));
        var ticks = options.Duration.Ticks * factor;
        return ticks >= options.MaxDuration.Ticks ? options.MaxDuration : TimeSpan.FromTicks((long)ticks);
    }
}
