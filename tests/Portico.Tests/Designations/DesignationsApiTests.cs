using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Designations;
using static Portico.Tests.Designations.DesignationsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Designations;

/// <summary>The Designations API: who sees it, the scores computed from deals, certifications and deployments, Apply, renewal, and audit rows.</summary>
public sealed class DesignationsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Roles.PartnerProgramAdmin)]
    [InlineData(Roles.GlobalAdmin)]
    public async Task List_AsRoleThatOpensDesignations_ShowsDemoStatusPerArea(string role)
    {
        var (client, _) = await factory.ContosoUserAsync(role);
        var contoso = await factory.ContosoAsync();

        var list = await client.ListAsync(contoso);

        Assert.Equal(6, list.GetProperty("designations").GetArrayLength());
        var security = list.Area("Security");
        Assert.Equal("Earned", security.GetProperty("status").GetString());
        Assert.Equal(Iso(factory.Today().AddDays(-DesignationsDemoData.EarnedDaysAgo)), security.GetProperty("earnedOn").GetString());
        Assert.Equal(Iso(factory.Today().AddDays(-DesignationsDemoData.EarnedDaysAgo).AddYears(1)), security.GetProperty("anniversaryOn").GetString());
        Assert.False(security.GetProperty("canApply").GetBoolean());
        var modernWork = list.Area("ModernWork");
        Assert.Equal(("NotEarned", 70, true, true), (modernWork.GetProperty("status").GetString(), modernWork.GetProperty("score").GetInt32(),
            modernWork.GetProperty("met").GetBoolean(), modernWork.GetProperty("canApply").GetBoolean()));
        Assert.Equal(new Dictionary<string, int> { ["performance"] = 5, ["skilling"] = 40, ["customerSuccess"] = 25 }, modernWork.Points());
        Assert.Equal("Modern Work", modernWork.GetProperty("name").GetString());
        foreach (var other in new[] { "DataAI", "Infrastructure", "DigitalAppInnovation", "BusinessApplications" })
        {
            var area = list.Area(other);
            Assert.Equal(("NotEarned", false, false), (area.GetProperty("status").GetString(), area.GetProperty("met").GetBoolean(), area.GetProperty("canApply").GetBoolean()));
        }

        // Note: one expired certification and one deployment older than 12 months do not count.
        Assert.Equal(new Dictionary<string, int> { ["performance"] = 0, ["skilling"] = 8, ["customerSuccess"] = 0 }, list.Area("Infrastructure").Points());
    }

    [Theory]
    [InlineData(Roles.AccountAdmin)]
    [InlineData(Roles.UserManagementAdmin)]
    [InlineData(Roles.ReferralsAdmin)]
    [InlineData(Roles.ComplianceAdmin)]
    public async Task Api_AsRoleWithoutDesignations_IsForbiddenWithExplanationAndWritesNothing(string role)
    {
        var (client, _) = await factory.ContosoUserAsync(role);
        var contoso = await factory.ContosoAsync();
        var before = await factory.StateAsync();

        var problem = await (await client.GetAsync(DesignationsPath(contoso), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsync(DesignationsPath(contoso) + "/ModernWork/apply", null, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsJsonAsync(DeploymentsPath(contoso), DeploymentBody("Security", factory.Today()), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var failed = problem.GetProperty("explanation").GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToList();
        Assert.Equal("role", Assert.Single(failed).GetProperty("check").GetString());
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task List_OtherOrganization_IsForbidden()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.PartnerProgramAdmin);
        var northwind = await factory.NorthwindAsync();

        await (await client.GetAsync(DesignationsPath(northwind), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(CertificationsPath(northwind), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Score_FollowsDealsCertificationsAndDeployments_ThenApplyEarnsForOneYear()
    {
        var (client, org, adminId, people) = await factory.FreshOrganizationAsync();
        var today = factory.Today();
        Assert.Equal(0, (await client.ListAsync(org)).Area("Security").GetProperty("score").GetInt32());

        foreach (var person in people)
        {
            await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(person, "security-operations-analyst", today.AddDays(-30)));
        }

        // Note: a second certification of the same person in the same area does not count twice.
        await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "cybersecurity-architect", today.AddDays(-10)));
        for (var i = 0; i < 3; i++)
        {
            await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("Security", today.AddDays(-20 * i), customer: "Customer " + i));
        }

        var before = (await client.ListAsync(org)).Area("Security");
        Assert.Equal(new Dictionary<string, int> { ["performance"] = 0, ["skilling"] = 40, ["customerSuccess"] = 15 }, before.Points());
        Assert.False(before.GetProperty("met").GetBoolean());

        await client.WinDealAsync(org, "Security");
        await client.WinDealAsync(org, "Security", "Litware Inc.");
        await client.WinDealAsync(org, "ModernWork", "Adatum");
        var met = (await client.ListAsync(org)).Area("Security");
        Assert.Equal((65, false), (met.GetProperty("score").GetInt32(), met.GetProperty("met").GetBoolean()));
        await client.WinDealAsync(org, "Security", "Relecloud");
        met = (await client.ListAsync(org)).Area("Security");
        Assert.Equal((70, true, true), (met.GetProperty("score").GetInt32(), met.GetProperty("met").GetBoolean(), met.GetProperty("canApply").GetBoolean()));

        var response = await client.PostAsync(DesignationsPath(org) + "/Security/apply", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var earned = await response.JsonAsync();
        Assert.Equal(("Earned", Iso(today), Iso(today.AddYears(1)), false), (earned.GetProperty("status").GetString(), earned.GetProperty("earnedOn").GetString(),
            earned.GetProperty("anniversaryOn").GetString(), earned.GetProperty("canApply").GetBoolean()));
        var audit = Assert.Single(await factory.AuditAsync(org, AuditEventType.DesignationEarned));
        Assert.Equal(adminId, audit.ActorAccountId);
        Assert.Contains("\"solutionArea\":\"Security\"", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"score\":70", audit.Details, StringComparison.Ordinal);
        Assert.Equal("Earned", (await client.ListAsync(org)).Area("Security").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Apply_BelowPassingScore_Is409WithMissingPointsPerMetricAndWritesNothing()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync(people: 2);
        await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "azure-ai-engineer", factory.Today().AddDays(-5)));
        await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[1], "azure-data-scientist", factory.Today().AddDays(-5)));
        var before = await factory.StateAsync();

        var problem = await (await client.PostAsync(DesignationsPath(org) + "/DataAI/apply", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.DesignationNotMet);

        Assert.Equal(("DataAI", 16, 70, 54), (problem.GetProperty("solutionArea").GetString(), problem.GetProperty("score").GetInt32(),
            problem.GetProperty("passingScore").GetInt32(), problem.GetProperty("missingPoints").GetInt32()));
        var metrics = problem.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("metric").GetString()!, m => (m.GetProperty("points").GetInt32(), m.GetProperty("missing").GetInt32(), m.GetProperty("available").GetInt32()));
        Assert.Equal((0, 1, 30), metrics["performance"]);
        Assert.Equal((16, 0, 24), metrics["skilling"]);
        Assert.Equal((0, 1, 30), metrics["customerSuccess"]);
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Apply_EarnedBeforeAnniversary_Is409AlreadyEarned()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.PartnerProgramAdmin);
        var contoso = await factory.ContosoAsync();
        var before = await factory.StateAsync();

        await (await client.PostAsync(DesignationsPath(contoso) + "/Security/apply", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.DesignationAlreadyEarned);

        Assert.Equal(before, await factory.StateAsync());
    }

    [Theory]
    [InlineData("Cloud")]
    [InlineData("modernwork")]
    [InlineData("3")]
    [InlineData("ModernWork%20")]
    public async Task Apply_UnknownSolutionArea_Is404AndWritesNothing(string area)
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.GlobalAdmin);
        var contoso = await factory.ContosoAsync();
        var before = await factory.StateAsync();

        await (await client.PostAsync(DesignationsPath(contoso) + $"/{area}/apply", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, DesignationErrors.SolutionAreaNotFound);

        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Apply_AfterTheAnniversary_ShowsRenewalDueAndRenewsWhenMet()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync();
        var today = factory.Today();
        foreach (var person in people)
        {
            await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(person, "m365-administrator", today.AddDays(-3)));
        }

        await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("ModernWork", today));
        await client.WinDealAsync(org, "ModernWork");
        await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("ModernWork", today, customer: "Second"));
        await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("ModernWork", today, customer: "Third"));
        await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("ModernWork", today, customer: "Fourth"));
        await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("ModernWork", today, customer: "Fifth"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(DesignationsPath(org) + "/ModernWork/apply", null, Ct)).StatusCode);
        await factory.WithDbAsync(db => db.Designations.Where(d => d.OrganizationId == org)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.EarnedOn, today.AddYears(-1)).SetProperty(d => d.AnniversaryOn, today), Ct));

        var due = (await client.ListAsync(org)).Area("ModernWork");
        Assert.Equal(("RenewalDue", true), (due.GetProperty("status").GetString(), due.GetProperty("canApply").GetBoolean()));

        var renewed = await (await client.PostAsync(DesignationsPath(org) + "/ModernWork/apply", null, Ct)).JsonAsync();

        Assert.Equal(("Earned", Iso(today.AddYears(1))), (renewed.GetProperty("status").GetString(), renewed.GetProperty("anniversaryOn").GetString()));
        Assert.Single(await factory.AuditAsync(org, AuditEventType.DesignationEarned));
        var renewal = Assert.Single(await factory.AuditAsync(org, AuditEventType.DesignationRenewed));
        Assert.Contains($"\"previousAnniversaryOn\":\"{Iso(today)}\"", renewal.Details, StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Designations.CountAsync(d => d.OrganizationId == org, Ct)));
    }

    [Fact]
    public async Task Apply_TwiceAtOnce_EarnsOnceAndRefusesTheOther()
    {
        var (client, org, _, people) = await factory.FreshOrganizationAsync();
        var today = factory.Today();
        foreach (var person in people)
        {
            await client.PostCreatedAsync(CertificationsPath(org), CertificationBody(person, "azure-solutions-architect", today.AddDays(-1)));
        }

        for (var i = 0; i < 6; i++)
        {
            await client.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("Infrastructure", today.AddDays(-i), customer: "Customer " + i));
        }

        await client.WinDealAsync(org, "Infrastructure");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsync(DesignationsPath(org) + "/Infrastructure/apply", null, Ct)));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict, DesignationErrors.DesignationAlreadyEarned);
        Assert.Single(await factory.AuditAsync(org, AuditEventType.DesignationEarned));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Designations.CountAsync(d => d.OrganizationId == org, Ct)));
    }

    [Fact]
    public async Task Earned_StaysEarnedWhenTheScoreDrops()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.PartnerProgramAdmin);
        var contoso = await factory.ContosoAsync();

        var security = (await client.ListAsync(contoso)).Area("Security");

        Assert.Equal(("Earned", false), (security.GetProperty("status").GetString(), security.GetProperty("met").GetBoolean()));
        Assert.Equal(0, security.Points()["performance"]);
    }
}
