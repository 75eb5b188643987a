using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Verification;
using static Portico.Tests.Verification.VerificationTestData;

namespace Portico.Tests.Verification;

/// <summary>A portal with the demo data (for victor.verify and Fabrikam) used by the verification tests.</summary>
public sealed class VerificationPortalFactory : PortalFactory
{
    public VerificationPortalFactory() => Settings["Portico:DemoData"] = "true";
}

/// <summary>
/// SPEC §8 through the API: every status transition of the three checks, the organization's overall status, agent
/// decisions (emails, audit on both chains) and each kind of bad input, which must change nothing.
/// </summary>
public sealed partial class VerificationApiTests(VerificationPortalFactory factory) : IClassFixture<VerificationPortalFactory>
{
    private static async Task<JsonElement> CheckAsync(HttpClient client, Guid orgId, string check)
    {
        var body = await (await client.GetAsync($"/api/v1/orgs/{orgId}/verification", ApiClient.Ct)).JsonAsync();
        return body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == check);
    }

    private async Task<VerificationStatus> OrganizationStatusAsync(Guid orgId) =>
        await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == orgId).Select(o => o.VerificationStatus).SingleAsync(ApiClient.Ct));

    private static Task<HttpResponseMessage> SubmitBusinessAsync(HttpClient client, Guid orgId) =>
        client.PutAsJsonAsync($"/api/v1/orgs/{orgId}/verification/checks/business",
            new { legalName = "Acme Corporation K.K.", addressLine1 = "1-2-3 Otemachi", city = "Tokyo", postalCode = "100-0004", country = "JP" }, ApiClient.Ct);

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid orgId, string check, MultipartFormDataContent form) =>
        client.PostAsync($"/api/v1/orgs/{orgId}/verification/checks/{check}/documents", form, ApiClient.Ct);

    /// <summary>Sends the ownership link and returns the link's org and token, read from the contact's mailbox.</summary>
    private async Task<(string Org, string Token)> SendLinkAsync(HttpClient client, Guid orgId, string email)
    {
        var response = await client.PostJsonAsync($"/api/v1/orgs/{orgId}/verification/checks/email/link", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = factory.Outbox.LatestTo(email)!;
        var match = ConfirmLink().Match(message.TextBody ?? "");
        Assert.True(match.Success, message.TextBody);
        return (match.Groups[1].Value, Uri.UnescapeDataString(match.Groups[2].Value));
    }

    private async Task<HttpResponseMessage> ConfirmAsync(string org, string token)
    {
        var page = new PageClient(factory);
        return await page.PostFormAsync($"/Verification/Confirm?org={org}&token={Uri.EscapeDataString(token)}", [new("Org", org), new("Token", token)]);
    }

    [Fact]
    public async Task NewOrganization_Get_ShowsThreeChecksNotStartedWithNextSteps()
    {
        var org = await factory.NewOrganizationAsync();

        var body = await (await org.Admin.GetAsync($"/api/v1/orgs/{org.Id}/verification", ApiClient.Ct)).JsonAsync();

        Assert.Equal("NotStarted", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["email", "domain", "business"], checks.Select(c => c.GetProperty("check").GetString()));
        Assert.All(checks, c => Assert.Equal("NotStarted", c.GetProperty("status").GetString()));
        Assert.Equal(["send_link", "publish_record", "submit_details"], checks.Select(c => c.GetProperty("nextStep").GetString()));
    }

    [Fact]
    public async Task EmailOwnership_LinkOpened_AcceptsOnceAndAudits()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = Builders.UniqueEmail("contact", "acme-corp.example");

        var (orgText, token) = await SendLinkAsync(org.Admin, org.Id, contact);
        var pending = await CheckAsync(org.Admin, org.Id, "email");
        Assert.Equal("NotStarted", pending.GetProperty("status").GetString());
        Assert.Equal("open_link", pending.GetProperty("nextStep").GetString());

        var confirmed = await ConfirmAsync(orgText, token);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Accepted", (await CheckAsync(org.Admin, org.Id, "email")).GetProperty("status").GetString());
        Assert.Equal(VerificationStatus.Pending, await OrganizationStatusAsync(org.Id));

        // Single use: the same link again is refused.
        var again = await ConfirmAsync(orgText, token);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetOrganizationId == org.Id).Select(e => new { e.Type, e.Details }).ToListAsync(ApiClient.Ct));
        Assert.Contains(audit, e => e.Type == AuditEventType.VerificationEmailLinkSent);
        Assert.Contains(audit, e => e.Type == AuditEventType.VerificationEmailConfirmed);
        Assert.DoesNotContain(audit, e => e.Details != null && e.Details.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmailOwnership_ExpiredLink_IsRefusedAndChangesNothing()
    {
        var org = await factory.NewOrganizationAsync();
        var (orgText, token) = await SendLinkAsync(org.Admin, org.Id, Builders.UniqueEmail("contact", "acme-corp.example"));

        factory.Time.Advance(TimeSpan.FromHours(25));
        var response = await ConfirmAsync(orgText, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(VerificationCheckStatus.NotStarted, await factory.WithDbAsync(db => db.VerificationChecks
            .Where(c => c.OrganizationId == org.Id && c.Kind == VerificationCheckKind.Email).Select(c => c.Status).SingleAsync(ApiClient.Ct)));
    }

    [Fact]
    public async Task EmailOwnership_NewLink_VoidsTheOldOne_AndIsThrottled()
    {
        var org = await factory.NewOrganizationAsync();
        var contact = Builders.UniqueEmail("contact", "acme-corp.example");
        var (orgText, oldToken) = await SendLinkAsync(org.Admin, org.Id, contact);

        await (await org.Admin.PostJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/email/link", new { email = contact }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Single(factory.Outbox.To(contact));

        factory.Time.Advance(TimeSpan.FromMinutes(2));
        var (_, newToken) = await SendLinkAsync(org.Admin, org.Id, contact);

        Assert.Equal(HttpStatusCode.BadRequest, (await ConfirmAsync(orgText, oldToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ConfirmAsync(orgText, newToken)).StatusCode);
    }

    [Theory]
    [InlineData("someone@gmail.com")]
    [InlineData("someone@yahoo.co.jp")]
    [InlineData("someone@mail.outlook.com")]
    public async Task EmailOwnership_PersonalMailDomain_IsRefusedWithExplanation(string email)
    {
        var org = await factory.NewOrganizationAsync();
        var before = await factory.CountsAsync();

        var response = await org.Admin.PostJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/email/link", new { email });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "personal_email_domain");
        Assert.Contains("email:personal_email_domain", problem.FieldErrors());
        Assert.Contains("Gmail", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.CountsAsync());
        Assert.Empty(factory.Outbox.To(email));
    }

    [Fact]
    public async Task Business_SubmitDecideFixAccept_WalksEveryStatus()
    {
        var org = await factory.NewOrganizationAsync(culture: "ja-JP");
        var agent = await factory.AgentAsync();

        Assert.Equal(HttpStatusCode.OK, (await SubmitBusinessAsync(org.Admin, org.Id)).StatusCode);
        var check = await CheckAsync(org.Admin, org.Id, "business");
        Assert.Equal("Pending", check.GetProperty("status").GetString());
        Assert.Equal(VerificationStatus.Pending, await OrganizationStatusAsync(org.Id));

        // The agent finds it in the queue and asks for a better document.
        var queue = await (await agent.GetAsync($"/api/v1/operator/verification?check=business", ApiClient.Ct)).JsonAsync();
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), i => i.GetProperty("organizationId").GetGuid() == org.Id);
        var asked = await agent.DecideAsync(org.Id, "business", "ActionRequired", "document_unreadable", "Please upload a clear scan of the registration.");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);

        check = await CheckAsync(org.Admin, org.Id, "business");
        Assert.Equal("ActionRequired", check.GetProperty("status").GetString());
        Assert.Equal("document_unreadable", check.GetProperty("reasonCode").GetString());
        Assert.Equal("/Verification/Responses#document_unreadable", check.GetProperty("helpUrl").GetString());
        Assert.Equal("fix_now", check.GetProperty("nextStep").GetString());
        Assert.Equal(VerificationStatus.ActionRequired, await OrganizationStatusAsync(org.Id));

        // The admin was emailed in Japanese, with the reason's help entry.
        var mail = factory.Outbox.LatestTo(org.AdminEmail)!;
        Assert.Contains("対応が必要", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/Verification/Responses#document_unreadable", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Please upload a clear scan", mail.TextBody, StringComparison.Ordinal);

        // Fix now: a document with a comment puts it back to Pending.
        var fixedUp = await UploadAsync(org.Admin, org.Id, "business", Upload("Clear scan attached.", ("registration.pdf", Pdf, "application/pdf")));
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        check = await CheckAsync(org.Admin, org.Id, "business");
        Assert.Equal("Pending", check.GetProperty("status").GetString());
        Assert.Equal("Clear scan attached.", check.GetProperty("comment").GetString());
        Assert.Single(check.GetProperty("documents").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await agent.DecideAsync(org.Id, "business", "Accept")).StatusCode);
        Assert.Equal("Accepted", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("status").GetString());

        // Audited in the organization's chain and in the platform chain.
        var decided = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.VerificationCheckDecided).Select(e => new { e.Chain, e.TargetOrganizationId, e.Details }).ToListAsync(ApiClient.Ct));
        Assert.Equal(2, decided.Count(e => e.TargetOrganizationId == org.Id));
        Assert.Equal(2, decided.Count(e => e.Chain == AuditEvent.PlatformChain && e.Details!.Contains(org.Id.ToString(), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Queue_OldestFirst_FiltersByCheckStatusAndOrganization()
    {
        var first = await factory.NewOrganizationAsync();
        var second = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        await SubmitBusinessAsync(second.Admin, second.Id);
        factory.Time.Advance(TimeSpan.FromMinutes(5));
        await SubmitBusinessAsync(first.Admin, first.Id);

        var queue = await (await agent.GetAsync("/api/v1/operator/verification?check=business&status=Pending", ApiClient.Ct)).JsonAsync();
        var ids = queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("organizationId").GetGuid()).ToList();
        Assert.True(ids.IndexOf(second.Id) < ids.IndexOf(first.Id), "oldest submission first");
        Assert.All(queue.GetProperty("items").EnumerateArray(), i => Assert.Equal("business", i.GetProperty("check").GetString()));

        var partnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == first.Id).Select(o => o.PartnerId).SingleAsync(ApiClient.Ct));
        var byOrg = await (await agent.GetAsync($"/api/v1/operator/verification?org={partnerId}&status=any", ApiClient.Ct)).JsonAsync();
        Assert.All(byOrg.GetProperty("items").EnumerateArray(), i => Assert.Equal(first.Id, i.GetProperty("organizationId").GetGuid()));
        Assert.NotEmpty(byOrg.GetProperty("items").EnumerateArray());

        var accepted = await (await agent.GetAsync("/api/v1/operator/verification?status=Accepted&check=domain", ApiClient.Ct)).JsonAsync();
        Assert.DoesNotContain(accepted.GetProperty("items").EnumerateArray(), i => i.GetProperty("organizationId").GetGuid() == first.Id);

        var bad = await agent.GetAsync("/api/v1/operator/verification?status=Sleeping&check=passport", ApiClient.Ct);
        var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["check:invalid_value", "status:invalid_value"], problem.FieldErrors().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Business_Rejected_IsClosedToThePartnerAndToTheAgent()
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        await SubmitBusinessAsync(org.Admin, org.Id);

        Assert.Equal(HttpStatusCode.OK, (await agent.DecideAsync(org.Id, "business", "Reject", "not_eligible")).StatusCode);

        Assert.Equal("Rejected", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("status").GetString());
        Assert.Equal("contact_support", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("nextStep").GetString());
        Assert.Equal(VerificationStatus.Rejected, await OrganizationStatusAsync(org.Id));
        await (await UploadAsync(org.Admin, org.Id, "business", Upload(null, ("a.pdf", Pdf, "application/pdf"))))
            .AssertProblemAsync(HttpStatusCode.Conflict, "verification_check_closed");
        await (await SubmitBusinessAsync(org.Admin, org.Id)).AssertProblemAsync(HttpStatusCode.Conflict, "verification_check_closed");
        await (await agent.DecideAsync(org.Id, "business", "Accept")).AssertProblemAsync(HttpStatusCode.Conflict, "verification_check_not_pending");
    }

    [Theory]
    [InlineData("email")]
    [InlineData("domain")]
    [InlineData("business")]
    public async Task Decide_CheckNotPending_Answers409AndChangesNothing(string check)
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        var before = await factory.CountsAsync();

        var response = await agent.DecideAsync(org.Id, check, "Accept");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "verification_check_not_pending");
        Assert.Equal(before, await factory.CountsAsync());
        Assert.Equal("NotStarted", (await CheckAsync(org.Admin, org.Id, check)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Decide_AcceptedCheck_Answers409()
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        await SubmitBusinessAsync(org.Admin, org.Id);
        await agent.DecideAsync(org.Id, "business", "Accept");

        await (await agent.DecideAsync(org.Id, "business", "Reject", "not_eligible")).AssertProblemAsync(HttpStatusCode.Conflict, "verification_check_not_pending");
        Assert.Equal("Accepted", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null, null, null, "decision:required")]
    [InlineData("Approve", null, null, "decision:invalid_value")]
    [InlineData("ActionRequired", null, "Fix it", "reasonCode:required")]
    [InlineData("ActionRequired", "document_unreadable", null, "message:required")]
    [InlineData("ActionRequired", "made_up_reason", "Fix it", "reasonCode:unknown_reason_code")]
    [InlineData("Reject", null, null, "reasonCode:required")]
    public async Task Decide_BadDecision_Answers400AndChangesNothing(string? decision, string? reasonCode, string? message, string expected)
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        await SubmitBusinessAsync(org.Admin, org.Id);
        var before = await factory.CountsAsync();

        var problem = await (await agent.DecideAsync(org.Id, "business", decision!, reasonCode, message)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(expected, problem.FieldErrors());
        Assert.Equal(before, await factory.CountsAsync());
        Assert.Equal("Pending", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Decide_UnknownCheck_Answers404()
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();

        await (await agent.DecideAsync(org.Id, "passport", "Accept")).AssertProblemAsync(HttpStatusCode.NotFound, "verification_check_not_found");
    }

    [Fact]
    public async Task Partner_CallingOperatorRoutes_IsForbiddenWithExplanation()
    {
        var org = await factory.NewOrganizationAsync();
        await SubmitBusinessAsync(org.Admin, org.Id);

        var decide = await org.Admin.DecideAsync(org.Id, "business", "Accept");
        var problem = await decide.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("staff_account", problem.ToString(), StringComparison.Ordinal);
        await (await org.Admin.GetAsync("/api/v1/operator/verification", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await org.Admin.GetAsync($"/api/v1/operator/verification/{org.Id}", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Pending", (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Benefits_UntilVerified_403ExplainsVerificationAndLinksToIt_ThenOpens()
    {
        var org = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();

        var denied = await org.Admin.GetAsync($"/api/v1/orgs/{org.Id}/benefits", ApiClient.Ct);
        var problem = await denied.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var failed = problem.GetProperty("explanation").GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToList();
        var verification = Assert.Single(failed);
        Assert.Equal("verification", verification.GetProperty("check").GetString());
        Assert.Equal("/Verification", verification.GetProperty("link").GetString());

        // Email by link, domain and business by documents reviewed by the agent.
        var (orgText, token) = await SendLinkAsync(org.Admin, org.Id, Builders.UniqueEmail("contact", "acme-corp.example"));
        await ConfirmAsync(orgText, token);
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(org.Admin, org.Id, "domain", Upload("We cannot edit DNS; domain registration attached.", ("whois.png", Png, "image/png")))).StatusCode);
        await SubmitBusinessAsync(org.Admin, org.Id);
        Assert.Equal(HttpStatusCode.OK, (await agent.DecideAsync(org.Id, "domain", "Accept")).StatusCode);
        Assert.Equal(VerificationStatus.Pending, await OrganizationStatusAsync(org.Id));
        Assert.Equal(HttpStatusCode.OK, (await agent.DecideAsync(org.Id, "business", "Accept")).StatusCode);

        Assert.Equal(VerificationStatus.Verified, await OrganizationStatusAsync(org.Id));
        var benefits = await (await org.Admin.GetAsync($"/api/v1/orgs/{org.Id}/benefits", ApiClient.Ct)).JsonAsync();
        var licenses = benefits.GetProperty("benefits").EnumerateArray().Single(b => b.GetProperty("benefit").GetString() == "product-licenses");
        Assert.Equal(25, licenses.GetProperty("quantity").GetInt32());
        Assert.Equal(25, licenses.GetProperty("remaining").GetInt32());
    }

    [Fact]
    public async Task DemoOrganizations_VerifiedStayVerified_FabrikamShowsMixedChecks()
    {
        var contoso = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var fabrikam = await factory.OrganizationIdAsync("Fabrikam Reseller 株式会社");
        var alex = factory.CreateClient().WithToken(await factory.CreateClient().SignInAsync("alex.johnson@contoso.example", Web.Data.DemoData.Password));
        var fumi = factory.CreateClient().WithToken(await factory.CreateClient().SignInAsync("fumi.suzuki@fabrikam.example", Web.Data.DemoData.Password));

        var contosoView = await (await alex.GetAsync($"/api/v1/orgs/{contoso}/verification", ApiClient.Ct)).JsonAsync();
        Assert.Equal("Verified", contosoView.GetProperty("status").GetString());
        Assert.All(contosoView.GetProperty("checks").EnumerateArray(), c => Assert.Equal("Accepted", c.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await alex.GetAsync($"/api/v1/orgs/{contoso}/benefits", ApiClient.Ct)).StatusCode);

        var fabrikamView = await (await fumi.GetAsync($"/api/v1/orgs/{fabrikam}/verification", ApiClient.Ct)).JsonAsync();
        Assert.Equal("ActionRequired", fabrikamView.GetProperty("status").GetString());
        Assert.Equal(["Accepted", "NotStarted", "ActionRequired"],
            fabrikamView.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Documents_DownloadedOnlyAsAttachmentByTheOrganizationAndAgents()
    {
        var org = await factory.NewOrganizationAsync();
        var other = await factory.NewOrganizationAsync();
        var agent = await factory.AgentAsync();
        await SubmitBusinessAsync(org.Admin, org.Id);
        await UploadAsync(org.Admin, org.Id, "business", Upload(null, ("../../etc/passwd.pdf", Pdf, "text/html")));
        var document = (await CheckAsync(org.Admin, org.Id, "business")).GetProperty("documents")[0];
        var id = document.GetProperty("id").GetGuid();
        Assert.Equal("passwd.pdf", document.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", document.GetProperty("contentType").GetString());

        var own = await org.Admin.GetAsync($"/api/v1/orgs/{org.Id}/verification/documents/{id}", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/pdf", own.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", own.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("passwd.pdf", own.Content.Headers.ContentDisposition.FileNameStar ?? own.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("nosniff", own.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await own.Content.ReadAsByteArrayAsync(ApiClient.Ct));

        // Another organization's admin is refused, by route (their token) and by id substitution.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Admin.GetAsync($"/api/v1/orgs/{org.Id}/verification/documents/{id}", ApiClient.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Admin.GetAsync($"/api/v1/orgs/{other.Id}/verification/documents/{id}", ApiClient.Ct)).StatusCode);

        var staff = await agent.GetAsync($"/api/v1/operator/verification/{org.Id}/documents/{id}", ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal("attachment", staff.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.TargetOrganizationId == org.Id && e.Type == AuditEventType.VerificationDocumentDownloaded, ApiClient.Ct)));
    }

    [Fact]
    public async Task OpenApi_DescribesTheVerificationAndBenefitsRoutes()
    {
        var document = await factory.CreateClient().GetStringAsync("/openapi/v1.json", ApiClient.Ct);

        foreach (var path in new[]
        {
            "/api/v1/orgs/{orgId}/verification", "/api/v1/orgs/{orgId}/verification/checks/{check}/documents",
            "/api/v1/operator/verification/{organizationId}/checks/{check}", "/api/v1/orgs/{orgId}/benefits",
        })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"/Verification/Confirm\?org=([0-9a-f-]{36})&token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex ConfirmLink();
}
