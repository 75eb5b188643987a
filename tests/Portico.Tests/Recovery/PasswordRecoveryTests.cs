using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Recovery;
using Portico.Web.Features.Relationships;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.Recovery;

public sealed class PasswordRecoveryTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(CreatedOrganization Org, Portico.Web.Features.Accounts.Account Account)> AWorkAccountWithSecurityInfoAsync()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Robin Recover");
        await factory.GiveAuthenticatorAsync(account.Id);
        return (org, account);
    }

    [Fact]
    public async Task Recovery_SelfService_MailLinkResetsPasswordEndsSessionsAndClearsLockout()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        var oldSession = factory.ApiClientFor(await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword));
        await factory.UpdateAccountAsync(account.Email!, a => a.LockedUntilUtc = factory.Time.GetUtcNow().UtcDateTime.AddHours(1));

        await factory.RequestRecoveryAsync(account.Email!);
        var mail = factory.Outbox.LatestTo(account.Email!)!;
        Assert.Contains("reset the password yourself", mail.Body(), StringComparison.Ordinal);
        var token = factory.LinkToken(account.Email!);
        var page = new PageClient(factory);
        var form = await page.GetAsync(factory.ResetPath(account.Email!));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"NewPassword\"", page.LastHtml, StringComparison.Ordinal);
        var reset = await page.PostFormAsync(factory.ResetPath(account.Email!), [new("NewPassword", Builders.OtherGoodPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldSession.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
        var after = await factory.AccountAsync(account.Email!);
        Assert.Null(after.LockedUntilUtc);
        Assert.Null(after.PasswordRecoveryStamp);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(account.Email!, Builders.OtherGoodPassword)).StatusCode);
        Assert.Contains(factory.Outbox.To(account.Email!), m => m.Body().Contains("password of your Portico account was just changed", StringComparison.Ordinal));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.TargetAccountId == account.Id && e.Type == AuditEventType.PasswordRecovered, ApiClient.Ct)));

        var again = await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = "another-fine-passphrase-for-me-93" });
        await again.AssertProblemAsync(HttpStatusCode.Gone, "recovery_link_used");
    }

    [Fact]
    public async Task Recovery_NoSecurityInfo_MailNamesGlobalAdminsAndHasNoLink()
    {
        var org = await factory.AnOrganizationAsync();
        await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Gale Second-Admin", roles: [Roles.GlobalAdmin]);
        var account = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Noel Nomethod");

        await factory.RequestRecoveryAsync(account.Email!);

        var body = factory.Outbox.LatestTo(account.Email!)!.Body();
        Assert.Contains("First Admin <" + org.Admin.Email + ">", body, StringComparison.Ordinal);
        Assert.Contains("Gale Second-Admin", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ResetPassword", body, StringComparison.Ordinal);
        Assert.Null((await factory.AccountAsync(account.Email!)).PasswordRecoveryStamp);
    }

    [Fact]
    public async Task Recovery_IndirectResellerWithoutOtherAdmin_MailNamesTheIndirectProvider()
    {
        var provider = await factory.AnOrganizationAsync("Tailspin Distribution");
        await factory.SetOrganizationAsync(provider.Organization.Id, o => o.Type = PartnerType.IndirectProvider);
        var reseller = await factory.AnOrganizationAsync("Wingtip Reseller");
        await factory.SetOrganizationAsync(reseller.Organization.Id, o => o.Type = PartnerType.IndirectReseller);
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(db =>
        {
            db.DelegatedAdminRelationships.Add(new DelegatedAdminRelationship
            {
                ProviderOrganizationId = provider.Organization.Id, CustomerOrganizationId = reseller.Organization.Id, DisplayName = "Helpdesk",
                Status = DelegatedAdminRelationshipStatus.Active, Roles = [DelegableRoles.HelpdeskAdministrator], DurationDays = 365,
                CreatedAt = now, RequestExpiresAt = now.AddDays(90), ActivatedAt = now, EndsAt = now.AddDays(365),
            });
            return db.SaveChangesAsync(ApiClient.Ct);
        });

        await factory.RequestRecoveryAsync(reseller.Admin.Email!);

        var body = factory.Outbox.LatestTo(reseller.Admin.Email!)!.Body();
        Assert.Contains("Tailspin Distribution (Partner ID " + provider.Organization.PartnerId + ")", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Support/New", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_LastGlobalAdminWithoutSecurityInfo_MailLinksPrefilledSupportRequest()
    {
        var org = await factory.AnOrganizationAsync();

        await factory.RequestRecoveryAsync(org.Admin.Email!);

        var body = factory.Outbox.LatestTo(org.Admin.Email!)!.Body();
        Assert.Contains("/Support/New?category=password&email=" + Uri.EscapeDataString(org.Admin.Email!), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_WorkAndPersonalWithSameEmail_OneMailCoversBoth()
    {
        var org = await factory.AnOrganizationAsync("Both Accounts Org");
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        await factory.APersonalAccountAsync(account.Email!);

        await factory.RequestRecoveryAsync(account.Email!);

        var mail = Assert.Single(factory.Outbox.To(account.Email!));
        Assert.Contains("Work account — Both Accounts Org", mail.Body(), StringComparison.Ordinal);
        Assert.Contains("Personal account", mail.Body(), StringComparison.Ordinal);
        Assert.Contains("First Admin", mail.Body(), StringComparison.Ordinal);
        Assert.Contains("/SignIn/ResetPassword?token=", mail.Body(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_UnknownEmail_SameAnswerAndNoMail()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        var unknown = Builders.UniqueEmail("nobody");

        var known = await factory.RequestRecoveryAsync(account.Email!);
        var none = await factory.RequestRecoveryAsync(unknown);

        Assert.Equal(await known.Content.ReadAsStringAsync(ApiClient.Ct), await none.Content.ReadAsStringAsync(ApiClient.Ct));
        Assert.Equal(known.HeaderLines(), none.HeaderLines());
        Assert.Empty(factory.Outbox.To(unknown));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.PasswordRecoveryRequested && e.Details!.Contains(unknown), ApiClient.Ct)));
    }

    [Fact]
    public async Task Recovery_RepeatedRequests_MailLimitedPerAccount()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();

        for (var i = 0; i < PasswordRecoveryService.MailsPerWindow + 2; i++)
        {
            await factory.RequestRecoveryAsync(account.Email!);
        }

        Assert.Equal(PasswordRecoveryService.MailsPerWindow, factory.Outbox.To(account.Email!).Count);
    }

    [Fact]
    public async Task Complete_TamperedForeignExpiredOrSupersededToken_RefusedAndNothingChanges()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        var client = factory.CreateClient();
        await factory.RequestRecoveryAsync(account.Email!);
        var first = factory.LinkToken(account.Email!);
        var hash = (await factory.AccountAsync(account.Email!)).PasswordHash;

        var tampered = first[..^3] + (first[^3] == 'A' ? 'B' : 'A') + first[^2..];
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token = tampered, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_recovery_link");
        var foreign = Portico.Web.Features.SignIn.SelectionTicket.Protect(
            factory.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), [account.Id]);
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token = foreign, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_recovery_link");
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token = "not-a-token", newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_recovery_link");

        factory.Time.Advance(TimeSpan.FromMinutes(2));
        await factory.RequestRecoveryAsync(account.Email!);
        var second = factory.LinkToken(account.Email!);
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token = first, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.Gone, "recovery_link_used");

        factory.Time.Advance(TimeSpan.FromMinutes(61));
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token = second, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.Gone, "recovery_link_expired");

        Assert.Equal(hash, (await factory.AccountAsync(account.Email!)).PasswordHash);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.TargetAccountId == account.Id && e.Type == AuditEventType.PasswordRecoveryLinkRejected, ApiClient.Ct)));
    }

    [Fact]
    public async Task Complete_AfterSuccessfulSignIn_LinkIsVoid()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        await factory.RequestRecoveryAsync(account.Email!);
        var token = factory.LinkToken(account.Email!);

        await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword);

        await (await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.Gone, "recovery_link_used");
    }

    [Fact]
    public async Task Complete_WeakPassword_RejectedWithReasonsAndLinkStillWorks()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        await factory.RequestRecoveryAsync(account.Email!);
        var token = factory.LinkToken(account.Email!);

        var weak = await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = "password" });

        var problem = await weak.AssertProblemAsync(HttpStatusCode.BadRequest, "password_rejected");
        Assert.Contains("common", problem.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = Builders.OtherGoodPassword })).StatusCode);
    }

    [Fact]
    public async Task Complete_OrgRequiresTwoMethods_NeedsAuthenticatorCode()
    {
        var org = await factory.AnOrganizationAsync();
        await factory.SetOrganizationAsync(org.Organization.Id, o => o.MfaPolicy = MfaPolicy.Everyone);
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var secret = await factory.GiveAuthenticatorAsync(account.Id);
        await factory.RequestRecoveryAsync(account.Email!);
        Assert.Contains("second method", factory.Outbox.LatestTo(account.Email!)!.Body(), StringComparison.Ordinal);
        var token = factory.LinkToken(account.Email!);
        var client = factory.CreateClient();

        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = Builders.OtherGoodPassword }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "code_required");
        await (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = Builders.OtherGoodPassword, code = "000000" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        var code = Totp.Compute(Totp.Base32Decode(secret), Totp.TimeStep(factory.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/password-recovery/complete", new { token, newPassword = Builders.OtherGoodPassword, code })).StatusCode);
    }

    [Fact]
    public async Task SendRecoveryMessage_ByStaffService_MailsTheAccount()
    {
        var org = await factory.AnOrganizationAsync();
        await using var scope = factory.Scope();

        var plan = await scope.ServiceProvider.GetRequiredService<PasswordRecoveryService>().SendRecoveryMessageAsync(org.Admin.Id, ApiClient.Ct);

        Assert.False(plan.SelfService);
        Assert.Contains("Support/New", factory.Outbox.LatestTo(org.Admin.Email!)!.Body(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_KnownAndUnknownEmail_TakeTheSameTime()
    {
        var (_, account) = await AWorkAccountWithSecurityInfoAsync();
        var client = factory.CreateClient();
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            foreach (var (email, samples) in new[] { (account.Email!, known), (Builders.UniqueEmail("ghost"), unknown) })
            {
                var watch = Stopwatch.StartNew();
                var response = await client.PostJsonAsync("/api/v1/password-recovery", new { email });
                watch.Stop();
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                if (i >= 5)
                {
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        await factory.Services.GetRequiredService<RecoveryRequestChannel>().WaitUntilIdleAsync(TimeSpan.FromSeconds(60), ApiClient.Ct);
        var (k, u) = (Median(known), Median(unknown));

        // Note: the request path only enqueues, so both medians are the cost of a small POST; the tolerance absorbs
        // scheduler noise on a busy 2-core machine.
        Assert.True(Math.Abs(k - u) <= Math.Max(15, 0.5 * Math.Max(k, u)), $"median known {k:F1} ms vs unknown {u:F1} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
