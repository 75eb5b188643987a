using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Designations;
using static Portico.Tests.Designations.DesignationsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Designations;

/// <summary>Certifications and customer deployments through the API: create, edit with a version, delete, tenant isolation, refusals and audit rows.</summary>
public sealed class DesignationRecordsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(object body) => new(JsonSerializer(body), Encoding.UTF8, "application/json");

    private static string JsonSerializer(object body) => System.Text.Json.JsonSerializer.Serialize(body, ApiClient.Json);

    [Fact]
    public async Task Certification_CreateEditDelete_AuditedAndListed()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync(people: 2);
        var today = factory.Today();

        var created = await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "teams-administrator", today.AddDays(-10)));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(("ModernWork", "Teams Administrator Associate", "MS-700", "Member 1", true), (created.GetProperty("solutionArea").GetString(),
            created.GetProperty("certificationName").GetString(), created.GetProperty("exam").GetString(), created.GetProperty("personName").GetString(), created.GetProperty("active").GetBoolean()));

        var list = await (await client.GetAsync(CertificationsPath(org), Ct)).JsonAsync();
        Assert.Equal(id, Assert.Single(list.GetProperty("certifications").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(SolutionAreas.Certifications.Count, list.GetProperty("catalog").GetArrayLength());

        var edit = await client.PutAsync($"{CertificationsPath(org)}/{id}", Json(CertificationBody(people[1], "m365-administrator", today.AddDays(-400), today.AddDays(-1), created.GetProperty("version").GetGuid())), Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = await edit.JsonAsync();
        Assert.Equal(("Member 2", "m365-administrator", false), (edited.GetProperty("personName").GetString(), edited.GetProperty("certification").GetString(), edited.GetProperty("active").GetBoolean()));
        Assert.NotEqual(created.GetProperty("version").GetGuid(), edited.GetProperty("version").GetGuid());
        Assert.Equal(0, (await client.ListAsync(org)).Area("ModernWork").Points()["skilling"]);

        var deleted = await client.DeleteAsync($"{CertificationsPath(org)}/{id}?version={edited.GetProperty("version").GetGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Certifications.CountAsync(c => c.OrganizationId == org, Ct)));

        var added = Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationAdded));
        Assert.Equal(people[0], added.TargetAccountId);
        var updated = Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationUpdated));
        Assert.Contains("\"changed\":[\"accountId\",\"certification\",\"earnedOn\",\"expiresOn\"]", updated.Details, StringComparison.Ordinal);
        Assert.Equal(people[1], Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationRemoved)).TargetAccountId);
    }

    [Fact]
    public async Task Certification_StaleVersion_Is409AndKeepsTheOtherEdit()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var today = factory.Today();
        var created = await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "azure-developer", today.AddDays(-10)));
        var id = created.GetProperty("id").GetGuid();
        var stale = created.GetProperty("version").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"{CertificationsPath(org)}/{id}", Json(CertificationBody(people[0], "azure-developer", today.AddDays(-20), version: stale)), Ct)).StatusCode);
        var before = await factory.StateAsync();

        await (await client.PutAsync($"{CertificationsPath(org)}/{id}", Json(CertificationBody(people[0], "azure-developer", today.AddDays(-5), version: stale)), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.CertificationChanged);
        await (await client.DeleteAsync($"{CertificationsPath(org)}/{id}?version={stale}", Ct)).AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.CertificationChanged);

        Assert.Equal(before, await factory.StateAsync());
        Assert.Equal(today.AddDays(-20), await factory.WithDbAsync(db => db.Certifications.Where(c => c.Id == id).Select(c => c.EarnedOn).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Certification_SamePersonTwice_Is409Exists()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var today = factory.Today();
        await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "devops-engineer", today.AddDays(-10)));
        var before = await factory.StateAsync();

        await (await client.PostAsJsonAsync(CertificationsPath(org), CertificationBody(people[0], "devops-engineer", today), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.CertificationExists);

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Certification_ForSomeoneOutsideTheOrganization_IsRefused()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var alex = (await factory.AccountAsync(Alex)).Id;
        var before = await factory.StateAsync();

        var problem = await (await client.PostAsJsonAsync(CertificationsPath(org), CertificationBody(alex, "devops-engineer", factory.Today()), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["accountId:invalid_value"], problem.FieldErrors());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Records_OfAnotherOrganization_AreNotFoundAndUntouched()
    {
        var (other, otherOrg, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var certification = await other.PostCreatedAsync(CertificationsPath(otherOrg), CertificationBody(people[0], "azure-administrator", factory.Today()));
        var deployment = await other.PostCreatedAsync(DeploymentsPath(otherOrg), DeploymentBody("Infrastructure", factory.Today()));
        var (client, org, _, mine) = await factory.FreshOrganizationAsync(people: 1);
        var before = await factory.StateAsync();
        var certificationId = certification.GetProperty("id").GetGuid();
        var deploymentId = deployment.GetProperty("id").GetGuid();

        await (await client.PutAsync($"{CertificationsPath(org)}/{certificationId}", Json(CertificationBody(mine[0], "azure-administrator", factory.Today(), version: certification.GetProperty("version").GetGuid())), Ct))
            .AssertProblemAsync(HttpStatusCode.NotFound, DesignationErrors.CertificationNotFound);
        await (await client.DeleteAsync($"{CertificationsPath(org)}/{certificationId}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, DesignationErrors.CertificationNotFound);
        await (await client.PutAsync($"{DeploymentsPath(org)}/{deploymentId}", Json(DeploymentBody("Security", factory.Today(), version: deployment.GetProperty("version").GetGuid())), Ct))
            .AssertProblemAsync(HttpStatusCode.NotFound, DesignationErrors.DeploymentNotFound);
        await (await client.DeleteAsync($"{DeploymentsPath(org)}/{deploymentId}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, DesignationErrors.DeploymentNotFound);
        Assert.Equal(0, (await (await client.GetAsync(CertificationsPath(org), Ct)).JsonAsync()).GetProperty("certifications").GetArrayLength());
        Assert.Equal(0, (await (await client.GetAsync(DeploymentsPath(org), Ct)).JsonAsync()).GetProperty("deployments").GetArrayLength());

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Deployment_CreateEditDelete_AuditedAndCountedInTheWindowOnly()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var today = factory.Today();

        var created = await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("BusinessApplications", today.AddDays(-30), "Adventure Works", 120, "Dynamics 365 Sales"));
        var id = created.GetProperty("id").GetGuid();
        Assert.True(created.GetProperty("counts").GetBoolean());
        Assert.Equal(5, (await client.ListAsync(org)).Area("BusinessApplications").Points()["customerSuccess"]);

        var edit = await client.PutAsync($"{DeploymentsPath(org)}/{id}", Json(DeploymentBody("BusinessApplications", today.AddMonths(-12), "Adventure Works", 150, null, created.GetProperty("version").GetGuid())), Ct);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = await edit.JsonAsync();
        Assert.Equal((false, 150, ""), (edited.GetProperty("counts").GetBoolean(), edited.GetProperty("seats").GetInt32(), edited.GetProperty("workloads").GetString()));
        Assert.Equal(0, (await client.ListAsync(org)).Area("BusinessApplications").Points()["customerSuccess"]);

        await (await client.PutAsync($"{DeploymentsPath(org)}/{id}", Json(DeploymentBody("BusinessApplications", today, version: created.GetProperty("version").GetGuid())), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.DeploymentChanged);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{DeploymentsPath(org)}/{id}", Ct)).StatusCode);

        Assert.Single(await factory.AuditAsync(org, AuditEventType.DeploymentAdded));
        Assert.Contains("\"changed\":[\"goLiveOn\",\"seats\",\"workloads\"]", Assert.Single(await factory.AuditAsync(org, AuditEventType.DeploymentUpdated)).Details, StringComparison.Ordinal);
        Assert.Single(await factory.AuditAsync(org, AuditEventType.DeploymentRemoved));
    }

    [Fact]
    public async Task Records_AsGlobalAdmin_CanBeEditedToo()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.GlobalAdmin);
        var contoso = await factory.ContosoAsync();

        var created = await client.PostCreatedAsync(DeploymentsPath(contoso), DeploymentBody("DigitalAppInnovation", factory.Today(), "Contoso Pharmaceuticals"));

        Assert.Equal("DigitalAppInnovation", created.GetProperty("solutionArea").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{DeploymentsPath(contoso)}/{created.GetProperty("id").GetGuid()}?version={created.GetProperty("version").GetGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deals_TaggedWithAnUnknownSolutionArea_AreRefused()
    {
        var (client, org, _, _) = await factory.FreshOrganizationAsync(people: 0);

        var problem = await (await client.PostAsJsonAsync($"/api/v1/orgs/{org}/deals", new
        {
            customerName = "Fourth Coffee", contactName = "Lee Ortiz", contactEmail = "lee@fourthcoffee.example", description = "d", value = 10m,
            currency = "USD", expectedCloseDate = "2027-03-31", solutionArea = "Cloud",
        }, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains("solutionArea:invalid_value", problem.FieldErrors());
        Assert.Equal(0, await factory.WithDbAsync(db => db.Deals.CountAsync(d => d.OrganizationId == org, Ct)));
    }
}
