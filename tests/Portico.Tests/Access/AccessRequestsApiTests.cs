using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Access;
using Portico.Tests.Pages;

namespace Portico.Tests.Access;

public sealed class AccessRequestsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, Guid OrgId, Guid AccountId)> SignInAsync(string email, string password = DemoData.Password)
    {
        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync(email, password, email == DemoData.SharedEmail ? "Work" : null));
        var me = await (await client.GetAsync("/api/v1/me", Ct)).JsonAsync();
        return (client, me.GetProperty("account").GetProperty("organizationId").GetGuid(), me.GetProperty("account").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Forbidden_ApiRoute_CarriesTheDecisionTreeWithGrantors()
    {
        var (user, orgId, _) = await SignInAsync("taylor.tanaka@contoso.example", DemoData.Password);

        var response = await user.GetAsync($"/api/v1/orgs/{orgId}/audit", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var explanation = (await response.JsonAsync()).GetProperty("explanation");
        Assert.Equal("audit", explanation.GetProperty("capability").GetString());
        Assert.Contains(explanation.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "role" && !c.GetProperty("passed").GetBoolean());
        Assert.Contains(explanation.GetProperty("grantingRoles").EnumerateArray(), r => r.GetProperty("role").GetString() == Roles.GlobalAdmin);
        Assert.Contains(explanation.GetProperty("grantors").EnumerateArray(), g => g.GetProperty("displayName").GetString() == "Alex Johnson");
    }

    [Fact]
    public async Task Explain_UnverifiedOrganization_NamesVerificationAsMissing()
    {
        var (admin, orgId, _) = await SignInAsync("fumi.suzuki@fabrikam.example");

        var body = await (await admin.GetAsync($"/api/v1/access/explain?capability=benefits", Ct)).JsonAsync();

        Assert.False(body.GetProperty("allowed").GetBoolean());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(), c => c.GetProperty("check").GetString() == "verification" && !c.GetProperty("passed").GetBoolean());
        Assert.Equal(orgId, body.GetProperty("organizationId").GetGuid());
    }

    [Fact]
    public async Task Explain_AboutAnotherAccount_OnlyForUserAdminsOfItsOrganization()
    {
        var (admin, _, _) = await SignInAsync("alex.johnson@contoso.example");
        var (_, _, memberId) = await SignInAsync("devon.park@contoso.example");
        var (_, _, taylorId) = await SignInAsync(DemoData.SharedEmail);
        var (otherAdmin, _, _) = await SignInAsync("nora.admin@northwind.example");

        var byAdmin = await admin.GetAsync($"/api/v1/access/explain?capability=referrals&accountId={taylorId}", Ct);
        var byOtherOrg = await otherAdmin.GetAsync($"/api/v1/access/explain?capability=referrals&accountId={taylorId}", Ct);
        var byPlainMember = await (await SignInAsync(DemoData.SharedEmail)).Client.GetAsync($"/api/v1/access/explain?capability=referrals&accountId={memberId}", Ct);

        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.True((await byAdmin.JsonAsync()).GetProperty("allowed").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, byOtherOrg.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byPlainMember.StatusCode);
    }

    [Fact]
    public async Task AccessRequest_ApprovedByGrantor_GrantsNarrowestRoleAndEmailsBothSides()
    {
        var (requester, orgId, requesterId) = await SignInAsync("sam.lee@contoso.example");
        var (admin, _, _) = await SignInAsync("alex.johnson@contoso.example");

        var created = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, capability = "insights", reason = "Quarterly review" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var requestId = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Contains(factory.Outbox.To("alex.johnson@contoso.example"), m => m.TextBody?.Contains("Quarterly review", StringComparison.Ordinal) == true);
        Assert.Equal(HttpStatusCode.Conflict, (await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, capability = "insights" }, Ct)).StatusCode);

        var approved = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/access-requests/{requestId}/approve", new { }, Ct);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(Roles.ReportViewer, (await approved.JsonAsync()).GetProperty("grantedRole").GetString());
        var me = await (await requester.GetAsync("/api/v1/me", Ct)).JsonAsync();
        Assert.Contains(me.GetProperty("capabilities").EnumerateArray(), c => c.GetString() == "insights");
        Assert.Contains(factory.Outbox.To("sam.lee@contoso.example"), m => m.Subject?.Contains("granted", StringComparison.OrdinalIgnoreCase) == true);
        var again = await admin.PostAsJsonAsync($"/api/v1/orgs/{orgId}/access-requests/{requestId}/deny", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var audit = await (await admin.GetAsync($"/api/v1/orgs/{orgId}/audit?type=AccessRequestApproved", Ct)).JsonAsync();
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("targetAccountId").GetGuid() == requesterId);
    }

    [Fact]
    public async Task AccessRequest_DecidedByNonGrantor_Forbidden()
    {
        var (requester, orgId, _) = await SignInAsync("devon.park@contoso.example");
        var (notGrantor, _, _) = await SignInAsync("taylor.tanaka@contoso.example");
        var created = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, role = Roles.IncentivesAdmin }, Ct);
        var requestId = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var response = await notGrantor.PostAsJsonAsync($"/api/v1/orgs/{orgId}/access-requests/{requestId}/approve", new { }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AccessRequest_BadInput_ClearCodesNothingWritten()
    {
        var (requester, orgId, _) = await SignInAsync("devon.park@contoso.example");

        var both = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, role = Roles.Owner, capability = "apps" }, Ct);
        var unknown = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, capability = "rocket-launch" }, Ct);
        var held = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId, role = Roles.Owner }, Ct);
        var otherOrg = await requester.PostAsJsonAsync("/api/v1/access-requests", new { orgId = Guid.NewGuid(), role = Roles.Marketer }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Equal("already_granted", (await held.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, otherOrg.StatusCode);
    }

    [Fact]
    public async Task AccessRequest_PendingBehindManyDecided_StillReachesItsGrantor()
    {
        var (admin, orgId, _) = await SignInAsync("alex.johnson@contoso.example");
        var (_, _, requesterId) = await SignInAsync("sam.lee@contoso.example");
        var now = DateTime.UtcNow;
        var pendingId = await factory.WithDbAsync(async db =>
        {
            var pending = new AccessRequest
            {
                OrganizationId = orgId, RequesterId = requesterId, Role = Roles.BillingAdmin, Reason = "Asked before the busy month",
                Status = AccessRequestStatus.Pending, CreatedUtc = now.AddDays(-40),
            };
            db.AccessRequests.Add(pending);
            db.AccessRequests.AddRange(Enumerable.Range(1, AccessRequestService.DecidedListed + 5).Select(i => new AccessRequest
            {
                OrganizationId = orgId, RequesterId = requesterId, Role = Roles.BillingAdmin, Reason = $"Decided {i}",
                Status = AccessRequestStatus.Denied, CreatedUtc = now.AddDays(-30).AddMinutes(i), DecidedUtc = now.AddDays(-30).AddMinutes(i + 1),
            }));
            await db.SaveChangesAsync(Ct);
            return pending.Id;
        });

        var listed = (await (await admin.GetAsync($"/api/v1/orgs/{orgId}/access-requests", Ct)).JsonAsync()).EnumerateArray().ToList();
        var page = new PageClient(factory);
        await page.SignInAsync("alex.johnson@contoso.example", DemoData.Password);
        var requestsPage = await page.GetAsync("/Access/Requests");

        Assert.Contains(listed, r => r.GetProperty("id").GetGuid() == pendingId);
        Assert.InRange(listed.Count(r => r.GetProperty("status").GetString() != "Pending"), 1, AccessRequestService.DecidedListed);
        Assert.Equal(HttpStatusCode.OK, requestsPage.StatusCode);
        Assert.Contains("Asked before the busy month", page.LastHtml, StringComparison.Ordinal);
    }
}
