using Portico.Web.Features.Accounts;
using Portico.Web.Features.Sessions;

namespace Portico.Tests.Unit;

public sealed class LockoutPolicyTests
{
    private static readonly DateTime Start = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);
    private static readonly SmartLockoutOptions Options = new();

    private static FailureOutcome[] FailDistinct(Account account, int count, DateTime now, string prefix = "f") =>
        Enumerable.Range(0, count).Select(i => LockoutPolicy.RegisterFailure(account, $"{prefix}{i:x7}", now, Options)).ToArray();

    [Fact]
    public void RegisterFailure_NineDistinctFailures_CountsWithoutLocking()
    {
        var account = new Account();

        var outcomes = FailDistinct(account, 9, Start);

        Assert.All(outcomes, o => Assert.Equal(FailureOutcome.Counted, o));
        Assert.Equal(9, account.FailedSignInCount);
        Assert.False(LockoutPolicy.IsLocked(account, Start));
        Assert.Null(account.LockedUntilUtc);
    }

    [Fact]
    public void RegisterFailure_TenthDistinctFailure_LocksForSixtySeconds()
    {
        var account = new Account();
        FailDistinct(account, 9, Start);

        var outcome = LockoutPolicy.RegisterFailure(account, "tenth", Start, Options);

        Assert.Equal(FailureOutcome.LockedOut, outcome);
        Assert.Equal(Start.AddSeconds(60), account.LockedUntilUtc);
        Assert.Equal(1, account.LockoutCount);
        Assert.True(LockoutPolicy.IsLocked(account, Start.AddSeconds(59)));
        Assert.False(LockoutPolicy.IsLocked(account, Start.AddSeconds(60)));
    }

    [Fact]
    public void RegisterFailure_SameFingerprintRepeated_IsCountedOnce()
    {
        var account = new Account();

        var outcomes = Enumerable.Range(0, 25).Select(_ => LockoutPolicy.RegisterFailure(account, "same0001", Start, Options)).ToList();

        Assert.Equal(FailureOutcome.Counted, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(FailureOutcome.NotCounted, o));
        Assert.Equal(1, account.FailedSignInCount);
        Assert.False(LockoutPolicy.IsLocked(account, Start));
    }

    [Fact]
    public void RegisterFailure_WhileLocked_IsNotCounted()
    {
        var account = new Account();
        FailDistinct(account, 10, Start);

        var outcome = LockoutPolicy.RegisterFailure(account, "during-lock", Start.AddSeconds(30), Options);

        Assert.Equal(FailureOutcome.NotCounted, outcome);
        Assert.Equal(Start.AddSeconds(60), account.LockedUntilUtc);
    }

    [Fact]
    public void RegisterFailure_AfterEachLockoutExpires_NextCountedFailureLocksTwiceAsLong()
    {
        var account = new Account();
        FailDistinct(account, 10, Start);
        Assert.Equal(Start.AddSeconds(60), account.LockedUntilUtc);

        var second = account.LockedUntilUtc!.Value.AddSeconds(1);
        Assert.Equal(FailureOutcome.LockedOut, LockoutPolicy.RegisterFailure(account, "after-first", second, Options));
        Assert.Equal(second.AddSeconds(120), account.LockedUntilUtc);

        var third = account.LockedUntilUtc!.Value.AddSeconds(1);
        Assert.Equal(FailureOutcome.LockedOut, LockoutPolicy.RegisterFailure(account, "after-second", third, Options));
        Assert.Equal(third.AddSeconds(240), account.LockedUntilUtc);
        Assert.Equal(3, account.LockoutCount);
    }

    [Fact]
    public void RegisterFailure_AfterLockoutExpires_RepeatedOldWrongPasswordIsNotCounted()
    {
        var account = new Account();
        FailDistinct(account, 10, Start);

        var outcome = LockoutPolicy.RegisterFailure(account, "f0000009", Start.AddSeconds(61), Options);

        Assert.Equal(FailureOutcome.NotCounted, outcome);
        Assert.False(LockoutPolicy.IsLocked(account, Start.AddSeconds(61)));
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 120)]
    [InlineData(2, 240)]
    [InlineData(10, 61440)]
    public void LockoutDuration_PreviousLockouts_DoublesEachTime(int previous, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), LockoutPolicy.LockoutDuration(previous, Options));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void LockoutDuration_ManyLockouts_IsCappedAtMaxDuration(int previous)
    {
        Assert.Equal(TimeSpan.FromHours(24), LockoutPolicy.LockoutDuration(previous, Options));
    }

    [Fact]
    public void RegisterFailure_ManyRepeatedLockouts_NeverLocksLongerThanCap()
    {
        var account = new Account();
        var now = Start;
        FailDistinct(account, 10, now);
        for (var i = 0; i < 40; i++)
        {
            now = account.LockedUntilUtc!.Value.AddSeconds(1);
            Assert.Equal(FailureOutcome.LockedOut, LockoutPolicy.RegisterFailure(account, $"r{i:x7}", now, Options));
            Assert.True(account.LockedUntilUtc - now <= Options.MaxDuration);
        }

        Assert.Equal(now + Options.MaxDuration, account.LockedUntilUtc);
    }

    [Fact]
    public void RegisterSuccess_AfterFailuresAndLockout_ResetsEverything()
    {
        var account = new Account();
        FailDistinct(account, 10, Start);
        FailDistinct(account, 1, Start.AddSeconds(61), "g");
        Assert.Equal(2, account.LockoutCount);

        LockoutPolicy.RegisterSuccess(account);

        Assert.Equal(0, account.FailedSignInCount);
        Assert.Equal(0, account.LockoutCount);
        Assert.Null(account.LockedUntilUtc);
        Assert.Null(account.RecentFailureFingerprints);

        // A fresh start: nine distinct failures (even previously seen ones) do not lock, the tenth locks for 60 s again.
        var later = Start.AddHours(1);
        Assert.All(FailDistinct(account, 9, later), o => Assert.Equal(FailureOutcome.Counted, o));
        Assert.Equal(FailureOutcome.LockedOut, LockoutPolicy.RegisterFailure(account, "new-tenth", later, Options));
        Assert.Equal(later.AddSeconds(60), account.LockedUntilUtc);
    }

    [Fact]
    public void RegisterFailure_RemembersOnlyRecentFingerprints()
    {
        var account = new Account();
        var options = new SmartLockoutOptions { Threshold = 100, RememberedFailures = 3 };
        foreach (var f in new[] { "a", "b", "c", "d" })
        {
            LockoutPolicy.RegisterFailure(account, f, Start, options);
        }

        Assert.Equal(FailureOutcome.NotCounted, LockoutPolicy.RegisterFailure(account, "d", Start, options));
        Assert.Equal(FailureOutcome.Counted, LockoutPolicy.RegisterFailure(account, "a", Start, options));
        Assert.Equal(5, account.FailedSignInCount);
    }
}
