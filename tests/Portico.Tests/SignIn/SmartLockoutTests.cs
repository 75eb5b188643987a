using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure.Email;

namespace Portico.Tests.SignIn;

public sealed class SmartLockoutTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;

    public SmartLockoutTests(PortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_TenDistinctWrongPasswords_LocksEmailsOwnerAndAudits()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Lee Locked");
        var client = factory.CreateClient();

        for (var i = 0; i < 9; i++)
        {
            await (await client.PostSessionAsync(account.Email!, $"wrong-password-{i}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        Assert.Empty(factory.Outbox.To(account.Email!));
        Assert.Null((await factory.AccountAsync(account.Email!)).LockedUntilUtc);

        var tenth = await client.PostSessionAsync(account.Email!, "wrong-password-9");
        await tenth.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        var locked = await factory.AccountAsync(account.Email!);
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime.AddSeconds(60), locked.LockedUntilUtc);
        var email = Assert.Single(factory.Outbox.To(account.Email!));
        Assert.Equal("Your Portico account was locked temporarily", email.Subject);
        Assert.Contains("Lee Locked", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", email.TextBody, StringComparison.Ordinal);

        var lockout = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Type == AuditEventType.AccountLockedOut && e.TargetAccountId == account.Id, ApiClient.Ct));
        Assert.Equal(AuditChain.ChainFor(org.Organization.Id), lockout.Chain);
    }

    [Fact]
    public async Task CreateSession_LockedAccount_RightPasswordFailsUntilLockExpires()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await client.PostSessionAsync(account.Email!, $"wrong-password-{i}");
        }

        await (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        factory.Time.Advance(TimeSpan.FromSeconds(59));
        await (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        factory.Time.Advance(TimeSpan.FromSeconds(2));
        var response = await client.PostSessionAsync(account.Email!, Builders.GoodPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reset = await factory.AccountAsync(account.Email!);
        Assert.Equal(0, reset.FailedSignInCount);
        Assert.Null(reset.LockedUntilUtc);
    }

    [Fact]
    public async Task CreateSession_AfterLockExpires_NextDistinctFailureLocksForTwoMinutes()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await client.PostSessionAsync(account.Email!, $"wrong-password-{i}");
        }

        factory.Time.Advance(TimeSpan.FromSeconds(61));
        await client.PostSessionAsync(account.Email!, "yet-another-wrong-password");

        var locked = await factory.AccountAsync(account.Email!);
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime.AddSeconds(120), locked.LockedUntilUtc);
        Assert.Equal(2, factory.Outbox.To(account.Email!).Count);
    }

    [Fact]
    public async Task CreateSession_SameWrongPasswordTwentyTimes_DoesNotLock()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.CreateClient();

        for (var i = 0; i < 20; i++)
        {
            await (await client.PostSessionAsync(account.Email!, "my-old-saved-password")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var after = await factory.AccountAsync(account.Email!);
        Assert.Equal(1, after.FailedSignInCount);
        Assert.Null(after.LockedUntilUtc);
        Assert.Empty(factory.Outbox.To(account.Email!));
        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
    }

    [Fact]
    public async Task CreateSession_RightPasswordAfterFailures_ClearsTheCountedFailures()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await (await client.PostSessionAsync(account.Email!, $"wrong-password-{i}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var failed = await factory.AccountAsync(account.Email!);
        Assert.Equal(3, failed.FailedSignInCount);
        Assert.NotNull(failed.RecentFailureFingerprints);

        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);

        var after = await factory.AccountAsync(account.Email!);
        Assert.Equal(0, after.FailedSignInCount);
        Assert.Null(after.RecentFailureFingerprints);
    }

    [Fact]
    public async Task CreateSession_AgainWithinAMinute_KeepsLastSignIn_AfterAMinute_RecordsIt()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var client = factory.CreateClient();
        var first = factory.Time.GetUtcNow().UtcDateTime;

        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
        Assert.Equal(first, (await factory.AccountAsync(account.Email!)).LastSignInUtc);

        factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
        Assert.Equal(first, (await factory.AccountAsync(account.Email!)).LastSignInUtc);

        factory.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(account.Email!, Builders.GoodPassword)).StatusCode);
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime, (await factory.AccountAsync(account.Email!)).LastSignInUtc);
    }

    [Fact]
    public async Task CreateSession_WorkAndPersonalAccountsWithSameEmail_AreLockedSeparately()
    {
        var org = await factory.AnOrganizationAsync();
        var email = Builders.UniqueEmail("pair");
        await factory.AWorkAccountAsync(org.Organization.Id, email, Builders.GoodPassword);
        await factory.APersonalAccountAsync(email, Builders.OtherGoodPassword);
        var client = factory.CreateClient();

        // Wrong for both: both count. The personal account's owner then signs in (its count resets); one more wrong
        // password locks the work account only.
        for (var i = 0; i < 9; i++)
        {
            await client.PostSessionAsync(email, $"wrong-password-{i}");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostSessionAsync(email, Builders.OtherGoodPassword)).StatusCode);
        await client.PostSessionAsync(email, "wrong-password-9");

        await (await client.PostSessionAsync(email, Builders.GoodPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var personal = await client.PostSessionAsync(email, Builders.OtherGoodPassword);
        Assert.Equal(HttpStatusCode.OK, personal.StatusCode);
        Assert.Equal("Personal", (await personal.JsonAsync()).GetProperty("account").GetProperty("kind").GetString());
        Assert.NotNull((await factory.AccountAsync(email)).LockedUntilUtc);
        Assert.Null((await factory.AccountAsync(email, Portico.Web.Features.Accounts.AccountKind.Personal)).LockedUntilUtc);
    }
}

public sealed class LockoutNoticeTimingTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;

    public LockoutNoticeTimingTests(PortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_FailureThatLocks_AnswersWhileTheNoticeIsStillUnsent()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Noor Notice");
        var mail = new HeldEmailSender();
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEmailSender>(mail)));
        var client = app.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            await (await client.PostSessionAsync(account.Email!, $"wrong-password-{i}")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // The tenth answer came back although the mail server has not accepted the notice yet.
        Assert.NotNull((await factory.AccountAsync(account.Email!)).LockedUntilUtc);
        var notices = app.Services.GetRequiredService<NoticeMailChannel>();
        Assert.Equal(1, notices.Pending);

        mail.Release();
        await notices.WaitUntilIdleAsync(TimeSpan.FromSeconds(30), ApiClient.Ct);
        var sent = Assert.Single(mail.Sent);
        Assert.Equal(account.Email, sent.To);
        Assert.Equal("Your Portico account was locked temporarily", sent.Subject);
    }

    /// <summary>A mail server that accepts nothing until released.</summary>
    private sealed class HeldEmailSender : IEmailSender
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<EmailMessage> Sent { get; } = [];

        public void Release() => released.TrySetResult();

        public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
        {
            await released.Task.WaitAsync(cancellationToken);
            lock (Sent)
            {
                Sent.Add(message);
            }
        }
    }
}
