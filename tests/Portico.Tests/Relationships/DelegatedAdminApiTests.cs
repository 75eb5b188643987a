using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Data;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Relationships;

/// <summary>Delegated administration end to end through the API (SPEC §7): the lifecycle, acting on behalf, audit.</summary>
public sealed class DelegatedAdminApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResetPassword_ByAgentThroughRelationship_CustomerMustChangeIt_AndBothAuditLogsShowIt()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var relationshipId = await portal.DemoRelationshipIdAsync();
        var fumi = await portal.AccountAsync(Fumi);
        var ken = await portal.ClientAsync(Ken);

        var users = await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct);
        var reset = await ken.PostAsync($"/api/v1/orgs/{fabrikam}/users/{fumi.Id}/password-reset", null, Ct);

        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.JsonAsync()).GetProperty("temporaryPassword").GetString()!;
        var session = await portal.CreateClient().PostSessionAsync(Fumi, temporary);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.True((await session.JsonAsync()).GetProperty("mustChangePassword").GetBoolean());

        var kenId = (await portal.AccountAsync(Ken)).Id;
        var rows = await portal.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.PasswordResetByAdmin && e.TargetAccountId == fumi.Id).ToListAsync(Ct));
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, e => e.Chain == AuditChain.ChainFor(fabrikam));
        Assert.Contains(rows, e => e.Chain == AuditChain.ChainFor(northwind));
        Assert.All(rows, e =>
        {
            Assert.Equal(kenId, e.ActorAccountId);
            Assert.Equal(northwind, e.ActingViaOrganizationId);
            Assert.Equal(fabrikam, e.TargetOrganizationId);
            Assert.Contains(relationshipId.ToString(), e.Details, StringComparison.Ordinal);
            Assert.DoesNotContain(temporary, e.Details, StringComparison.Ordinal);
        });

        // Both organizations' audit APIs list it.
        var nora = await portal.ClientAsync(Nora);
        var providerLog = await (await nora.GetAsync($"/api/v1/orgs/{northwind}/audit?type=PasswordResetByAdmin", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(fumi.Id.ToString(), providerLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_WithoutMfa_IsRefusedWithTheReason()
    {
        var fabrikam = await factory.FabrikamAsync();
        var ken = await factory.ClientAsync(Ken, mfa: false);

        var response = await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct);

        var body = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var checks = body.GetProperty("explanation").GetProperty("checks").EnumerateArray().ToList();
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == AccessChecks.Relationship && c.GetProperty("passed").GetBoolean());
        Assert.Contains(checks, c => c.GetProperty("check").GetString() == AccessChecks.Mfa && !c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task HelpdeskAdministrator_ResetsNonAdmins_ButNotAdmins()
    {
        var fabrikam = await factory.FabrikamAsync();
        var hana = await factory.ClientAsync(Hana);
        var fumi = await factory.AccountAsync(Fumi);
        var jun = await factory.AccountAsync(Jun);
        var before = await factory.StateAsync();

        var admin = await hana.PostAsync($"/api/v1/orgs/{fabrikam}/users/{fumi.Id}/password-reset", null, Ct);
        await admin.AssertProblemAsync(HttpStatusCode.Forbidden, "admin_reset_needs_privileged_role");
        Assert.Equal(before, await factory.StateAsync());
        Assert.Equal(fumi.PasswordHash, (await factory.AccountAsync(Fumi)).PasswordHash);

        var member = await hana.PostAsync($"/api/v1/orgs/{fabrikam}/users/{jun.Id}/password-reset", null, Ct);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
    }

    [Fact]
    public async Task Agent_NeverBeyondGrantedRoles()
    {
        var fabrikam = await factory.FabrikamAsync();
        var hana = await factory.ClientAsync(Hana);
        var ken = await factory.ClientAsync(Ken);

        // Helpdesk administrator cannot create users; User administrator cannot create a Global admin.
        var create = await hana.PostAsJsonAsync($"/api/v1/orgs/{fabrikam}/users", new { email = Builders.UniqueEmail(), displayName = "New Person", roles = Array.Empty<object>() }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var globalAdmin = await ken.PostAsJsonAsync($"/api/v1/orgs/{fabrikam}/users",
            new { email = Builders.UniqueEmail(), displayName = "New Admin", roles = new[] { new { role = Roles.GlobalAdmin } } }, Ct);
        await globalAdmin.AssertProblemAsync(HttpStatusCode.Forbidden, GrantErrors.NotGrantable);

        // Neither opens the customer's audit log or billing, nor anything in an organization without a relationship.
        Assert.Equal(HttpStatusCode.Forbidden, (await ken.GetAsync($"/api/v1/orgs/{fabrikam}/audit", Ct)).StatusCode);
        var contoso = await factory.ContosoAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await ken.GetAsync($"/api/v1/orgs/{contoso}/users", Ct)).StatusCode);

        // A plain user, created by the User administrator, is fine.
        var plain = await ken.PostAsJsonAsync($"/api/v1/orgs/{fabrikam}/users",
            new { email = Builders.UniqueEmail(), displayName = "New Member", roles = new[] { new { role = Roles.ReportViewer } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Fact]
    public async Task CreateGlobalAdmin_WithGlobalAdministratorRelationship_Works()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var nora = await portal.ClientAsync(Nora);
        var fumi = await portal.ClientAsync(Fumi);
        var kenId = (await portal.AccountAsync(Ken)).Id;

        var requested = await nora.RequestAsync(northwind, fabrikam, [DelegableRoles.GlobalAdministrator], durationDays: 7);
        var id = requested.GetProperty("id").GetGuid();
        Assert.Equal("ApprovalPending", requested.GetProperty("status").GetString());
        var approved = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
        var assign = await nora.PutAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships/{id}/assignments",
            new { accountId = kenId, roles = new[] { DelegableRoles.GlobalAdministrator } }, Ct);
        Assert.True(assign.StatusCode == HttpStatusCode.OK, await assign.Content.ReadAsStringAsync(Ct));

        var ken = await portal.ClientAsync(Ken);
        var created = await ken.PostAsJsonAsync($"/api/v1/orgs/{fabrikam}/users",
            new { email = Builders.UniqueEmail("second-admin"), displayName = "Second Admin", roles = new[] { new { role = Roles.GlobalAdmin } } }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var newId = (await created.JsonAsync()).GetProperty("user").GetProperty("id").GetGuid();
        Assert.True(await portal.WithDbAsync(db => db.RoleAssignments.AnyAsync(r => r.AccountId == newId && r.Role == Roles.GlobalAdmin && r.OrganizationId == fabrikam, Ct)));
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.UserRolesChanged && e.TargetAccountId == newId, Ct)));
    }

    [Fact]
    public async Task Terminate_ByCustomer_EndsAccessOnTheNextRequest()
    {
        await using var portal = new DemoPortalFactory();
        var fabrikam = await portal.FabrikamAsync();
        var id = await portal.DemoRelationshipIdAsync();
        var ken = await portal.ClientAsync(Ken);
        var fumi = await portal.ClientAsync(Fumi);
        Assert.Equal(HttpStatusCode.OK, (await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct)).StatusCode);

        var terminated = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/terminate", null, Ct);

        Assert.Equal(HttpStatusCode.OK, terminated.StatusCode);
        Assert.Equal("Terminated", (await terminated.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct)).StatusCode);
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.DelegatedAdminTerminated, Ct)));
        Assert.NotNull(portal.Outbox.LatestTo(Nora));
        Assert.Contains(portal.Outbox.To(Fumi), m => m.Subject!.Contains(DemoData.RelationshipName, StringComparison.Ordinal));

        // Terminated is final.
        var again = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/terminate", null, Ct);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "relationship_ended");
    }

    [Fact]
    public async Task Agent_AfterExpiry_IsRefused_AndTheRelationshipCannotBeApprovedAgain()
    {
        await using var portal = new DemoPortalFactory();
        var fabrikam = await portal.FabrikamAsync();
        var id = await portal.DemoRelationshipIdAsync();
        portal.Time.Advance(TimeSpan.FromDays(366));
        var ken = await portal.ClientAsync(Ken);
        var fumi = await portal.ClientAsync(Fumi);

        var response = await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct);
        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var listed = await (await fumi.GetAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}", Ct)).JsonAsync();
        Assert.Equal("Expired", listed.GetProperty("status").GetString());
        var reapprove = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct);
        await reapprove.AssertProblemAsync(HttpStatusCode.Conflict, "relationship_not_pending");
        var terminate = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/terminate", null, Ct);
        await terminate.AssertProblemAsync(HttpStatusCode.Conflict, "relationship_expired");
    }

    [Fact]
    public async Task Explain_ForAgent_NamesTheRelationshipAndTheMissingRelationshipRole()
    {
        var fabrikam = await factory.FabrikamAsync();
        var hana = await factory.ClientAsync(Hana);

        var body = await (await hana.GetAsync($"/api/v1/access/explain?capability=users.manage&orgId={fabrikam}", Ct)).JsonAsync();

        Assert.False(body.GetProperty("allowed").GetBoolean());
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        var relationship = checks.Single(c => c.GetProperty("check").GetString() == AccessChecks.Relationship);
        Assert.True(relationship.GetProperty("passed").GetBoolean());
        Assert.Contains(DemoData.RelationshipName, relationship.GetProperty("message").GetString(), StringComparison.Ordinal);
        var role = checks.Single(c => c.GetProperty("check").GetString() == AccessChecks.RelationshipRole);
        Assert.False(role.GetProperty("passed").GetBoolean());
        Assert.Contains("User administrator", role.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("grantingRoles").EnumerateArray(), r => r.GetProperty("role").GetString() == DelegableRoles.UserAdministrator);
        Assert.Contains(body.GetProperty("grantors").EnumerateArray(), g => g.GetProperty("displayName").GetString() == "Nora Admin");

        var allowed = await (await hana.GetAsync($"/api/v1/access/explain?capability=users.reset-password&orgId={fabrikam}", Ct)).JsonAsync();
        Assert.True(allowed.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Explain_AboutAnAgent_ByItsOwnAdmin_SaysAccessCouldComeFromARelationship()
    {
        var fabrikam = await factory.FabrikamAsync();
        var nora = await factory.ClientAsync(Nora);
        var hanaId = (await factory.AccountAsync(Hana)).Id;

        var body = await (await nora.GetAsync($"/api/v1/access/explain?capability=users.manage&orgId={fabrikam}&accountId={hanaId}", Ct)).JsonAsync();

        Assert.False(body.GetProperty("allowed").GetBoolean());
        Assert.Contains(body.GetProperty("checks").EnumerateArray(),
            c => c.GetProperty("check").GetString() == AccessChecks.RelationshipRole && !c.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Lists_ShowBothSides_AndCustomersPageData()
    {
        var northwind = await factory.NorthwindAsync();
        var fabrikam = await factory.FabrikamAsync();
        var nora = await factory.ClientAsync(Nora);
        var fumi = await factory.ClientAsync(Fumi);

        var customers = await (await nora.GetAsync($"/api/v1/orgs/{northwind}/customers", Ct)).JsonAsync();
        var providerSide = await (await nora.GetAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships", Ct)).JsonAsync();
        var customerSide = await (await fumi.GetAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships", Ct)).JsonAsync();

        var customer = customers.EnumerateArray().Single(c => c.GetProperty("relationship").GetProperty("resellerOrganizationId").GetGuid() == fabrikam);
        Assert.Equal("Active", customer.GetProperty("relationship").GetProperty("status").GetString());
        Assert.Contains(customer.GetProperty("delegatedAdmin").EnumerateArray(), d => d.GetProperty("displayName").GetString() == DemoData.RelationshipName);
        Assert.Contains(providerSide.EnumerateArray(), r => r.GetProperty("side").GetString() == "provider");
        var seen = customerSide.EnumerateArray().Single(r => r.GetProperty("displayName").GetString() == DemoData.RelationshipName);
        Assert.Equal("customer", seen.GetProperty("side").GetString());
        Assert.Contains(seen.GetProperty("assignments").EnumerateArray(), a => a.GetProperty("displayName").GetString() == "佐藤 健");
    }
}
