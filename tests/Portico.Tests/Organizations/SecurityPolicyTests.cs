using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Recovery;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;

namespace Portico.Tests.Organizations;

/// <summary>Organization → Security: the MFA policy and self-service password reset (SPEC §4, §5), through the API and the page.</summary>
public sealed class SecurityPolicyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A new organization with a Global admin who can sign in (no temporary password), a member with an authenticator
    /// app, a member without any method and a blocked member. Its first admin (temporary password, no method) is active too.
    /// </summary>
    private async Task<Tenant> ATenantAsync()
    {
        var org = await factory.AnOrganizationAsync();
        var admin = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Gwen Global", roles: [Roles.GlobalAdmin]);
        var withMethod = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Mel Method");
        var secret = await factory.GiveAuthenticatorAsync(withMethod.Id);
        var withoutMethod = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Nico Nomethod");
        var blocked = await factory.AWorkAccountAsync(org.Organization.Id, displayName: "Bo Blocked");
        await factory.UpdateAccountAsync(blocked.Email!, a => a.IsBlocked = true);
        return new Tenant(org.Organization.Id, admin.Id, admin.Email!, withMethod.Email!, secret, withoutMethod.Email!);
    }

    private sealed record Tenant(Guid OrgId, Guid AdminId, string AdminEmail, string WithMethodEmail, string Secret, string WithoutMethodEmail)
    {
        public string Path => $"/api/v1/orgs/{OrgId}/security-policy";
    }

    private async Task<HttpClient> AsAsync(string email) =>
        factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

    private Task<Organization> StoredOrganizationAsync(Guid orgId) =>
        factory.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == orgId, Ct));

    private Task<List<AuditEvent>> PolicyAuditAsync(Guid orgId) =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.TargetOrganizationId == orgId && e.Type == AuditEventType.OrganizationSecurityPolicyChanged)
            .ToListAsync(Ct));

    [Fact]
    public async Task GetSecurityPolicy_GlobalAdmin_ReturnsDefaultsAndCountsActiveMembersWithoutMfa()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);

        var response = await admin.GetAsync(tenant.Path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("SensitiveCapabilities", body.GetProperty("mfaPolicy").GetString());
        Assert.True(body.GetProperty("allowSelfServicePasswordReset").GetBoolean());

        // First admin, Gwen and Nico have no method; Mel has one; Bo is blocked and not counted.
        Assert.Equal(3, body.GetProperty("membersWithoutMfa").GetInt32());
        Assert.Equal(4, body.GetProperty("activeMembers").GetInt32());
    }

    [Fact]
    public async Task PutSecurityPolicy_Everyone_SavesAuditsOldAndNewAndNextSignInWalksThroughRegistration()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);
        var openSession = await AsAsync(tenant.WithoutMethodEmail);

        var response = await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "Everyone", allowSelfServicePasswordReset = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Everyone", body.GetProperty("mfaPolicy").GetString());
        Assert.Equal(3, body.GetProperty("membersWithoutMfa").GetInt32());
        var stored = await StoredOrganizationAsync(tenant.OrgId);
        Assert.Equal(MfaPolicy.Everyone, stored.MfaPolicy);
        Assert.True(stored.AllowSelfServicePasswordReset);

        var audit = Assert.Single(await PolicyAuditAsync(tenant.OrgId));
        Assert.Equal(tenant.AdminId, audit.ActorAccountId);
        var details = JsonDocument.Parse(audit.Details!).RootElement;
        Assert.Equal("SensitiveCapabilities", details.GetProperty("old").GetProperty("mfaPolicy").GetString());
        Assert.Equal("Everyone", details.GetProperty("new").GetProperty("mfaPolicy").GetString());
        Assert.True(details.GetProperty("old").GetProperty("allowSelfServicePasswordReset").GetBoolean());
        Assert.True(details.GetProperty("new").GetProperty("allowSelfServicePasswordReset").GetBoolean());

        // A session opened before the change keeps working; the next sign-in asks for registration.
        Assert.Equal(HttpStatusCode.OK, (await openSession.GetAsync("/api/v1/me", Ct)).StatusCode);
        var signIn = await (await factory.CreateClient().PostSessionAsync(tenant.WithoutMethodEmail, Builders.GoodPassword)).JsonAsync();
        Assert.True(signIn.GetProperty("mfaRequired").GetBoolean());
        Assert.True(signIn.GetProperty("mfaRegistrationRequired").GetBoolean());
        var pending = factory.ApiClientFor(signIn.GetProperty("token").GetString()!);
        await (await pending.GetAsync("/api/v1/me", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "mfa_required");
    }

    [Fact]
    public async Task PutSecurityPolicy_BackToSensitive_MemberWithoutMethodSignsInWithPasswordAlone()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "Everyone", allowSelfServicePasswordReset = true }, Ct)).StatusCode);
        Assert.True((await (await factory.CreateClient().PostSessionAsync(tenant.WithoutMethodEmail, Builders.GoodPassword)).JsonAsync()).GetProperty("mfaRegistrationRequired").GetBoolean());

        var back = await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "sensitivecapabilities", allowSelfServicePasswordReset = true }, Ct);

        Assert.Equal("SensitiveCapabilities", (await back.JsonAsync()).GetProperty("mfaPolicy").GetString());
        var signIn = await (await factory.CreateClient().PostSessionAsync(tenant.WithoutMethodEmail, Builders.GoodPassword)).JsonAsync();
        Assert.False(signIn.GetProperty("mfaRequired").GetBoolean());
        Assert.Equal(2, (await PolicyAuditAsync(tenant.OrgId)).Count);
    }

    [Fact]
    public async Task PutSecurityPolicy_SameValues_WritesNoAuditRow()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);

        var response = await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "SensitiveCapabilities", allowSelfServicePasswordReset = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Theory]
    [InlineData("{}", "mfaPolicy:required,allowSelfServicePasswordReset:required")]
    [InlineData("""{"mfaPolicy":"Sometimes","allowSelfServicePasswordReset":false}""", "mfaPolicy:invalid_value")]
    [InlineData("""{"mfaPolicy":"1","allowSelfServicePasswordReset":false}""", "mfaPolicy:invalid_value")]
    [InlineData("""{"mfaPolicy":"  ","allowSelfServicePasswordReset":false}""", "mfaPolicy:required")]
    [InlineData("""{"mfaPolicy":"Everyone"}""", "allowSelfServicePasswordReset:required")]
    public async Task PutSecurityPolicy_BadValues_Answers400WithFieldCodesAndChangesNothing(string json, string expected)
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await admin.PutAsync(tenant.Path, content, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(expected.Split(','), problem.FieldErrors());
        var stored = await StoredOrganizationAsync(tenant.OrgId);
        Assert.Equal(MfaPolicy.SensitiveCapabilities, stored.MfaPolicy);
        Assert.True(stored.AllowSelfServicePasswordReset);
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Fact]
    public async Task PutSecurityPolicy_BadValueInJapanese_HasJapaneseMessages()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var response = await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "Always" }, Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var messages = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!, e => e.GetProperty("message").GetString());
        Assert.Equal("この値は無効です。", messages["mfaPolicy"]);
        Assert.Equal("この項目は必須です。", messages["allowSelfServicePasswordReset"]);
    }

    [Fact]
    public async Task PutSecurityPolicy_NotABoolean_Answers400MalformedRequest()
    {
        var tenant = await ATenantAsync();
        var admin = await AsAsync(tenant.AdminEmail);
        using var content = new StringContent("""{"mfaPolicy":"Everyone","allowSelfServicePasswordReset":"yes please"}""", System.Text.Encoding.UTF8, "application/json");

        var response = await admin.PutAsync(tenant.Path, content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Theory]
    [InlineData(Roles.UserManagementAdmin)]
    [InlineData(Roles.AccountAdmin)]
    [InlineData(Roles.AdminAgent)]
    public async Task SecurityPolicy_NotGlobalAdmin_IsForbiddenAndNothingChanges(string role)
    {
        var tenant = await ATenantAsync();
        var other = await factory.AWorkAccountAsync(tenant.OrgId, roles: [role]);
        var client = await AsAsync(other.Email!);

        await (await client.GetAsync(tenant.Path, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var put = await client.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "Everyone", allowSelfServicePasswordReset = false }, Ct);

        await put.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Fact]
    public async Task SecurityPolicy_GlobalAdminOfAnotherOrganization_IsForbidden()
    {
        var tenant = await ATenantAsync();
        var stranger = await ATenantAsync();
        var client = await AsAsync(stranger.AdminEmail);

        var put = await client.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "Everyone", allowSelfServicePasswordReset = false }, Ct);

        await put.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Fact]
    public async Task Recovery_SelfServiceTurnedOff_MailNamesGlobalAdminsAndEarlierLinkIsVoid()
    {
        var tenant = await ATenantAsync();
        await factory.RequestRecoveryAsync(tenant.WithMethodEmail);
        var earlierLink = factory.LinkToken(tenant.WithMethodEmail);
        var admin = await AsAsync(tenant.AdminEmail);

        var put = await admin.PutAsJsonAsync(tenant.Path, new { mfaPolicy = "SensitiveCapabilities", allowSelfServicePasswordReset = false }, Ct);
        await factory.RequestRecoveryAsync(tenant.WithMethodEmail);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.False((await put.JsonAsync()).GetProperty("allowSelfServicePasswordReset").GetBoolean());
        var body = factory.RecoveryMail(tenant.WithMethodEmail)!.Body();
        Assert.DoesNotContain("ResetPassword", body, StringComparison.Ordinal);
        Assert.Contains("Gwen Global <" + tenant.AdminEmail + ">", body, StringComparison.Ordinal);
        Assert.Null((await factory.AccountAsync(tenant.WithMethodEmail)).PasswordRecoveryStamp);
        var late = await factory.CreateClient().PostJsonAsync("/api/v1/password-recovery/complete", new { token = earlierLink, newPassword = Builders.OtherGoodPassword });
        await late.AssertProblemAsync(HttpStatusCode.Gone, "recovery_link_used");
        var audit = Assert.Single(await PolicyAuditAsync(tenant.OrgId));
        Assert.Equal(1, JsonDocument.Parse(audit.Details!).RootElement.GetProperty("recoveryLinksVoided").GetInt32());
    }

    [Fact]
    public async Task SecurityPage_GlobalAdmin_ChangesThePolicyThroughTheForm()
    {
        var tenant = await ATenantAsync();
        var page = new PageClient(factory);
        page.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        await page.SignInAsync(tenant.AdminEmail, Builders.GoodPassword);

        await page.GetAsync("/Organization");
        Assert.Contains("href=\"/Organization/Security\"", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Organization/Security")).StatusCode);
        Assert.Contains("3 of 4 active members have not registered an MFA method", page.LastHtml, StringComparison.Ordinal);
        Assert.Matches("id=\"mfa-policy-SensitiveCapabilities\"[^>]*checked", page.LastHtml);
        Assert.Contains("next sign-in", page.LastHtml, StringComparison.Ordinal);

        // Note: the unticked checkbox posts nothing, as a browser sends the form.
        var post = await page.PostFormAsync("/Organization/Security", [new("Input.MfaPolicy", "Everyone")]);

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/Organization/Security", post.Headers.Location!.OriginalString);
        await page.GetAsync("/Organization/Security");
        Assert.Contains("role=\"status\">Security settings saved.", page.LastHtml, StringComparison.Ordinal);
        Assert.Matches("id=\"mfa-policy-Everyone\"[^>]*checked", page.LastHtml);
        Assert.DoesNotMatch("id=\"allow-sspr\"[^>]*checked", page.LastHtml);
        var stored = await StoredOrganizationAsync(tenant.OrgId);
        Assert.Equal(MfaPolicy.Everyone, stored.MfaPolicy);
        Assert.False(stored.AllowSelfServicePasswordReset);
        Assert.Single(await PolicyAuditAsync(tenant.OrgId));
    }

    [Fact]
    public async Task SecurityPage_NoChoice_ShowsTheErrorAndChangesNothing()
    {
        var tenant = await ATenantAsync();
        var page = new PageClient(factory);
        page.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");
        await page.SignInAsync(tenant.AdminEmail, Builders.GoodPassword);

        var post = await page.PostFormAsync("/Organization/Security", [new("Input.MfaPolicy", "Sometimes"), new("Input.AllowSelfServicePasswordReset", "true")]);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("多要素認証を必須にする範囲を選択してください。", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("サインインのセキュリティ", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("class=\"error-summary validation-summary-errors\"", page.LastHtml, StringComparison.Ordinal);
        Assert.Empty(await PolicyAuditAsync(tenant.OrgId));
    }

    [Fact]
    public async Task SecurityPage_MemberWithoutTheCapability_SeesNoLinkAndIsDenied()
    {
        var tenant = await ATenantAsync();
        var member = await factory.AWorkAccountAsync(tenant.OrgId, roles: [Roles.UserManagementAdmin]);
        var page = new PageClient(factory);
        await page.SignInAsync(member.Email!, Builders.GoodPassword);

        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Organization")).StatusCode);
        Assert.DoesNotContain("/Organization/Security", page.LastHtml, StringComparison.Ordinal);
        var security = await page.GetAsync("/Organization/Security");

        Assert.Equal(HttpStatusCode.Redirect, security.StatusCode);
        Assert.StartsWith("/AccessDenied", security.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("capability=organization.security", security.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
