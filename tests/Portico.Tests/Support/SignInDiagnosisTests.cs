using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.Support;

/// <summary>Sign-in diagnosis (SPEC §9): what a SupportAgent sees for an email, and that the lookup is audited.</summary>
public sealed class SignInDiagnosisTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> DiagnoseAsync(string email)
    {
        var staff = factory.CreateClient();
        staff.WithToken(await staff.SignInAsync("sasha.support@portico.example", DemoData.Password));
        var response = await staff.GetAsync("/api/v1/operator/sign-in-diagnosis?email=" + Uri.EscapeDataString(email), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    [Fact]
    public async Task WorkAndPersonalEmail_ShowsBothAccounts_TheOrgsGlobalAdmins_AndAttemptsWithReasons()
    {
        var client = factory.CreateClient();
        await client.PostSessionAsync(DemoData.SharedEmail, "not-the-password-at-all");
        await client.SignInAsync(DemoData.SharedEmail, DemoData.Password, "Work");

        var diagnosis = await DiagnoseAsync(DemoData.SharedEmail);

        var accounts = diagnosis.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(["Work", "Personal"], accounts.Select(a => a.GetProperty("kind").GetString()).ToList());
        var work = accounts[0];
        Assert.Equal("Contoso Cloud Solutions", work.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal(["ReferralsUser"], work.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());
        Assert.False(work.GetProperty("blocked").GetBoolean());
        Assert.False(work.GetProperty("locked").GetBoolean());
        Assert.False(work.GetProperty("securityInfo").GetProperty("mfaEnabled").GetBoolean());
        Assert.Contains(work.GetProperty("globalAdmins").EnumerateArray(), a => a.GetProperty("displayName").GetString() == "Alex Johnson"
            && a.GetProperty("email").GetString() == "alex.johnson@contoso.example");
        Assert.Equal(JsonValueKind.Null, accounts[1].GetProperty("organization").ValueKind);
        Assert.Empty(accounts[1].GetProperty("globalAdmins").EnumerateArray());

        // One wrong password over two accounts is one attempt with the internal reason of each; newest first.
        var attempts = diagnosis.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal("succeeded", attempts[0].GetProperty("outcome").GetString());
        Assert.Equal(["Work"], attempts[0].GetProperty("accountKinds").EnumerateArray().Select(k => k.GetString()).ToList());
        var failed = attempts.First(a => a.GetProperty("outcome").GetString() == "failed");
        Assert.Equal(["Personal:wrong_password", "Work:wrong_password"], failed.GetProperty("reason").GetString()!.Split(',').Order(StringComparer.Ordinal));
        Assert.Equal(["Work", "Personal"], failed.GetProperty("accountKinds").EnumerateArray().Select(k => k.GetString()).ToList());
        Assert.InRange(attempts.Count, 2, 20);

        // Nothing secret is in the answer.
        var text = diagnosis.GetRawText();
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("$argon2id$", text, StringComparison.Ordinal);
        Assert.DoesNotContain("securityStamp", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LockedAccount_ShowsUntilWhen_AndTheLockedReason()
    {
        var orgId = await factory.OrganizationIdAsync("Northwind Distribution");
        var account = await factory.AWorkAccountAsync(orgId);
        var until = factory.Time.GetUtcNow().UtcDateTime.AddMinutes(5);
        await factory.UpdateAccountAsync(account.Email!, a =>
        {
            a.LockedUntilUtc = until;
            a.LockoutCount = 1;
        });
        await factory.CreateClient().PostSessionAsync(account.Email!, Builders.GoodPassword);

        var diagnosis = await DiagnoseAsync(account.Email!.ToUpperInvariant());

        var work = Assert.Single(diagnosis.GetProperty("accounts").EnumerateArray());
        Assert.True(work.GetProperty("locked").GetBoolean());
        Assert.Equal(until, work.GetProperty("lockedUntilUtc").GetDateTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(1, work.GetProperty("lockoutCount").GetInt32());
        Assert.Contains(work.GetProperty("globalAdmins").EnumerateArray(), a => a.GetProperty("displayName").GetString() == "Nora Admin");
        var attempt = diagnosis.GetProperty("attempts")[0];
        Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        Assert.Equal("Work:locked", attempt.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BlockedAccount_ShowsBlocked()
    {
        var orgId = await factory.OrganizationIdAsync("Fabrikam Reseller 株式会社");
        var account = await factory.AWorkAccountAsync(orgId);
        await factory.UpdateAccountAsync(account.Email!, a => a.IsBlocked = true);
        await factory.CreateClient().PostSessionAsync(account.Email!, Builders.GoodPassword);

        var diagnosis = await DiagnoseAsync(account.Email!);

        var work = Assert.Single(diagnosis.GetProperty("accounts").EnumerateArray());
        Assert.True(work.GetProperty("blocked").GetBoolean());
        Assert.Equal("Work:blocked", diagnosis.GetProperty("attempts")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ResellerWithMfa_ShowsSecurityInfoAndProviderRelationships()
    {
        // Note: the demo data already has Northwind serving Fabrikam (reseller + active delegated-admin relationship).
        var fabrikam = await factory.OrganizationIdAsync("Fabrikam Reseller 株式会社");
        var northwind = await factory.OrganizationIdAsync("Northwind Distribution");
        var account = await factory.AWorkAccountAsync(fabrikam);
        var now = factory.Time.GetUtcNow();
        await factory.WithDbAsync(async db =>
        {
            var tracked = await db.Users.SingleAsync(a => a.Id == account.Id, Ct);
            tracked.TwoFactorEnabled = true;
            db.SecurityInfo.Add(new AccountSecurityInfo { AccountId = account.Id, AuthenticatorKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", AuthenticatorAddedUtc = now.UtcDateTime });
            return await db.SaveChangesAsync(Ct);
        });

        var diagnosis = await DiagnoseAsync(account.Email!);

        var work = Assert.Single(diagnosis.GetProperty("accounts").EnumerateArray());
        var info = work.GetProperty("securityInfo");
        Assert.True(info.GetProperty("mfaEnabled").GetBoolean());
        Assert.True(info.GetProperty("authenticator").GetBoolean());
        Assert.DoesNotContain("JBSWY3DPEHPK3PXP", diagnosis.GetRawText(), StringComparison.Ordinal);
        var relationships = work.GetProperty("providerRelationships").EnumerateArray().ToList();
        Assert.Equal(["delegated-admin", "reseller"], relationships.Select(r => r.GetProperty("type").GetString()).ToList());
        Assert.All(relationships, r =>
        {
            Assert.Equal("Northwind Distribution", r.GetProperty("providerName").GetString());
            Assert.Equal("Active", r.GetProperty("status").GetString());
        });
        var demoRoles = await factory.WithDbAsync(db => db.DelegatedAdminRelationships
            .Where(r => r.ProviderOrganizationId == northwind && r.CustomerOrganizationId == fabrikam)
            .Select(r => r.Roles).SingleAsync(Ct));
        Assert.Equal(demoRoles, relationships[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList());
        Assert.Contains(work.GetProperty("globalAdmins").EnumerateArray(), a => a.GetProperty("displayName").GetString() == "鈴木 文");
    }

    [Fact]
    public async Task UnknownEmail_NoAccounts_ButItsFailedAttemptsAsUnknownEmail()
    {
        var email = Builders.UniqueEmail("Ghost.User");
        await factory.CreateClient().PostSessionAsync(email, "whatever-password-1");
        await factory.CreateClient().PostSessionAsync(email.ToLowerInvariant(), "whatever-password-2");

        var diagnosis = await DiagnoseAsync(email.ToUpperInvariant());

        Assert.Empty(diagnosis.GetProperty("accounts").EnumerateArray());
        var attempts = diagnosis.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a =>
        {
            Assert.Equal("failed", a.GetProperty("outcome").GetString());
            Assert.Equal("unknown_email", a.GetProperty("reason").GetString());
        });

        // A support request from the address is listed with the diagnosis.
        await factory.CreateClient().PostJsonAsync("/api/v1/support-requests", new { category = "sign-in", description = "Cannot sign in", contactEmail = email });
        var withTicket = await DiagnoseAsync(email);
        Assert.Matches("^PRT-[0-9]{8}$", Assert.Single(withTicket.GetProperty("supportRequests").EnumerateArray()).GetProperty("number").GetString());

        // An unrelated address sees none of them.
        Assert.Empty((await DiagnoseAsync(Builders.UniqueEmail("other"))).GetProperty("attempts").EnumerateArray());
    }

    [Fact]
    public async Task Lookup_IsAuditedOnThePlatformChainAndTheOrganizations()
    {
        var contoso = (await factory.OrganizationIdAsync("Contoso Cloud Solutions")).ToString("N");
        var before = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.SignInDiagnosisViewed, Ct));

        await DiagnoseAsync("alex.johnson@contoso.example");

        var events = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.SignInDiagnosisViewed)
            .OrderByDescending(e => e.Id).Take(2).ToListAsync(Ct));
        Assert.Equal(before + 2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.SignInDiagnosisViewed, Ct)));
        Assert.Equal(new[] { AuditEvent.PlatformChain, contoso }.Order(StringComparer.Ordinal), events.Select(e => e.Chain).Order(StringComparer.Ordinal));
        var sasha = await factory.AccountAsync("sasha.support@portico.example", AccountKind.Staff);
        Assert.All(events, e => Assert.Equal(sasha.Id, e.ActorAccountId));
    }

    [Fact]
    public async Task RecoveryLink_GoesToTheAccountsOwnMailbox_StaffNeverSeeIt_Audited()
    {
        var orgId = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var account = await factory.AWorkAccountAsync(orgId, email: Builders.UniqueEmail("forgetful", "contoso.example"));
        var staff = factory.CreateClient();
        staff.WithToken(await staff.SignInAsync("sasha.support@portico.example", DemoData.Password));

        var response = await staff.PostJsonAsync("/api/v1/operator/sign-in-diagnosis/recovery-link", new { accountId = account.Id });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("{\"status\":\"recovery_sent\",\"selfService\":false}", body);
        var mail = Assert.Single(factory.Outbox.To(account.Email!));
        Assert.Contains("Alex Johnson", mail.TextBody, StringComparison.Ordinal);

        var events = await factory.WithDbAsync(db => db.AuditEvents
            .Where(e => e.Type == AuditEventType.RecoveryLinkSentByStaff && e.TargetAccountId == account.Id).ToListAsync(Ct));
        Assert.Equal(new[] { AuditEvent.PlatformChain, orgId.ToString("N") }.Order(StringComparer.Ordinal), events.Select(e => e.Chain).Order(StringComparer.Ordinal));
        var sasha = await factory.AccountAsync("sasha.support@portico.example", AccountKind.Staff);
        Assert.All(events, e => Assert.Equal(sasha.Id, e.ActorAccountId));
        Assert.All(events, e => Assert.DoesNotContain("token", e.Details!, StringComparison.OrdinalIgnoreCase));

        // Staff accounts are not recovered from the desk; unknown ids and missing ones are refused.
        await (await staff.PostJsonAsync("/api/v1/operator/sign-in-diagnosis/recovery-link", new { accountId = sasha.Id }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "staff_recovery_not_supported");
        await (await staff.PostJsonAsync("/api/v1/operator/sign-in-diagnosis/recovery-link", new { accountId = Guid.NewGuid() }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("accountId:required", (await (await staff.PostJsonAsync("/api/v1/operator/sign-in-diagnosis/recovery-link", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());

        // Partners never reach it.
        var partner = factory.CreateClient();
        partner.WithToken(await partner.SignInAsync("alex.johnson@contoso.example", DemoData.Password));
        await (await partner.PostJsonAsync("/api/v1/operator/sign-in-diagnosis/recovery-link", new { accountId = account.Id }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Single(factory.Outbox.To(account.Email!));
    }

    [Fact]
    public async Task RecoveryLink_FromThePage_ShowsWhatWasSent()
    {
        var agent = new PageClient(factory);
        await agent.SignInAsync("sasha.support@portico.example", DemoData.Password);
        await agent.GetAsync("/Operator/SignInDiagnosis?email=" + Uri.EscapeDataString(DemoData.SharedEmail));
        var form = Html.PostForms(agent.LastHtml).First(f => f.Fields.ContainsKey("accountId"));

        var posted = await agent.Http.PostAsync("/Operator/SignInDiagnosis?handler=Recovery", form.Submit(), Ct);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await agent.GetAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("Recovery email sent to the account", agent.LastHtml, StringComparison.Ordinal);
        Assert.NotEmpty(factory.Outbox.To(DemoData.SharedEmail));
    }

    [Fact]
    public async Task BadEmail_Answers400()
    {
        var staff = factory.CreateClient();
        staff.WithToken(await staff.SignInAsync("sasha.support@portico.example", DemoData.Password));

        var missing = await staff.GetAsync("/api/v1/operator/sign-in-diagnosis", Ct);
        var bad = await staff.GetAsync("/api/v1/operator/sign-in-diagnosis?email=nope", Ct);

        Assert.Contains("email:required", (await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
        Assert.Contains("email:invalid_email", (await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).FieldErrors());
    }

    [Fact]
    public async Task Page_ShowsTheDiagnosisToSupportAgents_PartnersAreSentToAccessDenied()
    {
        var agent = new PageClient(factory);
        await agent.SignInAsync("olivia.ops@portico.example", DemoData.Password);
        var page = await agent.GetAsync("/Operator/SignInDiagnosis?email=" + Uri.EscapeDataString(DemoData.SharedEmail));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Work account — Contoso Cloud Solutions", agent.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Personal account", agent.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Alex Johnson", agent.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Last 20 sign-in attempts", agent.LastHtml, StringComparison.Ordinal);

        var partner = new PageClient(factory);
        await partner.SignInAsync("alex.johnson@contoso.example", DemoData.Password);
        var denied = await partner.GetAsync("/Operator/SignInDiagnosis?email=x%40example.org");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}

/// <summary>The per-IP limit (RateLimitPolicies.PublicForm) covers contact support like every public form.</summary>
public sealed class SupportFloodTests(SupportFloodTests.ThreePermitsFactory factory) : IClassFixture<SupportFloodTests.ThreePermitsFactory>
{
    public sealed class ThreePermitsFactory : PortalFactory
    {
        public ThreePermitsFactory() => Settings["Portico:RateLimits:PublicFormPermits"] = "3";
    }

    [Fact]
    public async Task Create_FloodFromOneAddress_429ForEveryone_NothingStored()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/v1/support-requests",
                new { category = "other", description = "Hello", contactEmail = Builders.UniqueEmail("ip") })).StatusCode);
        }

        var before = await factory.WithDbAsync(db => db.SupportRequests.CountAsync(ApiClient.Ct));
        var unknown = await client.PostJsonAsync("/api/v1/support-requests", new { category = "other", description = "Hello", contactEmail = Builders.UniqueEmail("ip") });
        var known = await client.PostJsonAsync("/api/v1/support-requests", new { category = "other", description = "Hello", contactEmail = "someone@example.org" });

        await unknown.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        await known.AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(await unknown.Content.ReadAsStringAsync(ApiClient.Ct), await known.Content.ReadAsStringAsync(ApiClient.Ct));
        Assert.Equal(before, await factory.WithDbAsync(db => db.SupportRequests.CountAsync(ApiClient.Ct)));

        // The page form shares the budget; showing it stays free.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Support/New", ApiClient.Ct)).StatusCode);
        var page = new PageClient(factory);
        var posted = await page.PostFormAsync("/Support/New", [new("Input.Category", "other"), new("Input.Description", "x"), new("Input.ContactEmail", "a@example.org")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, posted.StatusCode);
    }
}
