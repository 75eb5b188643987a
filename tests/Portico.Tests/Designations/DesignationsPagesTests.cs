using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Designations;
using static Portico.Tests.Designations.DesignationsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Designations;

/// <summary>The Designations pages without JavaScript: the menu entry, the cards, Apply, and the certification and deployment forms.</summary>
public sealed partial class DesignationsPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private async Task<PageClient> SignedInAsync(string email, string password = DemoData.Password)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, password);
        return client;
    }

    private async Task<PageClient> ContosoPageUserAsync(params string[] roles)
    {
        var account = await factory.AWorkAccountAsync(await factory.ContosoAsync(), Builders.UniqueEmail("designations", "contoso.example"),
            displayName: "Page " + string.Join("+", roles), roles: roles);
        return await SignedInAsync(account.Email!, Builders.GoodPassword);
    }

    private static string Text(string html) => WhitespaceRegex().Replace(System.Net.WebUtility.HtmlDecode(TagRegex().Replace(html, " ")), " ");

    [Fact]
    public async Task Menu_ShowsDesignationsToPartnerProgramAndGlobalAdminsOnly()
    {
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);
        var alex = await SignedInAsync(Alex);
        var referrals = await ContosoPageUserAsync(Roles.ReferralsUser);

        await admin.GetAsync("/");
        await alex.GetAsync("/");
        await referrals.GetAsync("/");

        Assert.Contains("href=\"/Designations\"", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Designations\"", alex.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Designations\"", referrals.LastHtml, StringComparison.Ordinal);
        foreach (var page in new[] { "/Designations", "/Designations/Certifications", "/Designations/Deployments" })
        {
            var denied = await referrals.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.Contains("capability=designations", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var explained = await referrals.GetAsync("/AccessDenied?capability=designations");
        Assert.Equal(HttpStatusCode.Forbidden, explained.StatusCode);
        Assert.Contains("Partner program admin", referrals.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_ShowsACardPerAreaWithScoreStatusAndWhatIsMissing()
    {
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);

        var response = await admin.GetAsync("/Designations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Text(admin.LastHtml);
        foreach (var name in new[] { "Data &amp; AI (Azure)", "Infrastructure (Azure)", "Digital &amp; App Innovation (Azure)", "Business Applications", "Modern Work", "Security" })
        {
            Assert.Contains("<h2 id=\"area-", admin.LastHtml, StringComparison.Ordinal);
            Assert.Contains(name, admin.LastHtml, StringComparison.Ordinal);
        }

        Assert.Contains("70 of 100 points (needs 70) — met", text, StringComparison.Ordinal);
        Assert.Contains("Earned on " + Iso(factory.Today().AddDays(-DesignationsDemoData.EarnedDaysAgo)), text, StringComparison.Ordinal);
        Assert.Contains("Performance needs at least one point.", text, StringComparison.Ordinal);
        Assert.Contains("simplified model", text, StringComparison.Ordinal);
        Assert.Contains("<meter", admin.LastHtml, StringComparison.Ordinal);
        var applyForms = Html.PostForms(admin.LastHtml).Where(f => f.Fields.ContainsKey("solutionArea")).ToList();
        Assert.Equal("ModernWork", Assert.Single(applyForms).Fields["solutionArea"]);
    }

    [Fact]
    public async Task Apply_ThroughThePage_EarnsTheMetDesignationAndAudits()
    {
        var (api, org, _, people) = await factory.FreshOrganizationAsync();
        var admin = await factory.AWorkAccountAsync(org, roles: [Roles.PartnerProgramAdmin]);
        var today = factory.Today();
        foreach (var person in people)
        {
            await api.PostCreatedAsync(CertificationsPath(org), CertificationBody(person, "power-platform-developer", today.AddDays(-7)));
        }

        for (var i = 0; i < 5; i++)
        {
            await api.PostCreatedAsync(DeploymentsPath(org), DeploymentBody("BusinessApplications", today.AddDays(-i), customer: "Customer " + i));
        }

        await api.WinDealAsync(org, "BusinessApplications");
        var page = await SignedInAsync(admin.Email!, Builders.GoodPassword);

        var response = await page.PostFormAsync("/Designations", [new("solutionArea", "BusinessApplications")], "/Designations?handler=Apply");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await page.GetAsync("/Designations");
        Assert.Contains("Your organization now holds the Business Applications designation, until its anniversary on " + Iso(today.AddYears(1)), page.LastHtml, StringComparison.Ordinal);
        Assert.Equal(admin.Id, Assert.Single(await factory.AuditAsync(org, AuditEventType.DesignationEarned)).ActorAccountId);
        Assert.DoesNotContain(Html.PostForms(page.LastHtml), f => f.Fields.ContainsKey("solutionArea"));
    }

    [Fact]
    public async Task Apply_NotMetThroughThePage_SaysSoAndWritesNothing()
    {
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);
        var before = await factory.StateAsync();

        var response = await admin.PostFormAsync("/Designations", [new("solutionArea", "DataAI")], "/Designations?handler=Apply");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await admin.GetAsync("/Designations");
        Assert.Contains("does not meet this designation yet", admin.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.StateAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/Designations", [new("solutionArea", "Cloud")], "/Designations?handler=Apply")).StatusCode);
    }

    [Fact]
    public async Task Certifications_AddEditDeleteThroughTheForms()
    {
        var (_, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var admin = await factory.AWorkAccountAsync(org, roles: [Roles.PartnerProgramAdmin]);
        var page = await SignedInAsync(admin.Email!, Builders.GoodPassword);
        var today = factory.Today();

        var added = await page.PostFormAsync("/Designations/Certifications", [
            new("Input.AccountId", people[0].ToString()), new("Input.Certification", "cybersecurity-architect"),
            new("Input.EarnedOn", Iso(today.AddDays(-3))), new("Input.ExpiresOn", Iso(today.AddYears(1)))]);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var certification = await factory.WithDbAsync(db => db.Certifications.AsNoTracking().SingleAsync(c => c.OrganizationId == org, TestContext.Current.CancellationToken));
        Assert.Equal((SolutionArea.Security, today.AddDays(-3)), (certification.SolutionArea, certification.EarnedOn));
        await page.GetAsync("/Designations/Certifications");
        Assert.Contains("Added Cybersecurity Architect Expert for Member 1.", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("SC-100", page.LastHtml, StringComparison.Ordinal);

        await page.GetAsync("/Designations/Certifications?edit=" + certification.Id);
        var form = Html.FormWith(page.LastHtml, "Input.Version");
        Assert.Equal("cybersecurity-architect", form.Fields["Input.Certification"]);
        var edited = await page.PostFormAsync("/Designations/Certifications?edit=" + certification.Id,
            form.Fields.Where(f => f.Key != "__RequestVerificationToken").Select(f => f.Key == "Input.EarnedOn" ? new KeyValuePair<string, string>(f.Key, Iso(today.AddDays(-30))) : f),
            form.Action);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(today.AddDays(-30), await factory.WithDbAsync(db => db.Certifications.Where(c => c.Id == certification.Id).Select(c => c.EarnedOn).SingleAsync(TestContext.Current.CancellationToken)));

        await page.GetAsync("/Designations/Certifications");
        var delete = Html.PostForms(page.LastHtml).Single(f => f.Action!.Contains("handler=Delete", StringComparison.Ordinal));
        var deleted = await page.PostFormAsync("/Designations/Certifications", delete.Fields.Where(f => f.Key != "__RequestVerificationToken"), delete.Action);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Certifications.CountAsync(c => c.OrganizationId == org, TestContext.Current.CancellationToken)));
        Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationAdded));
        Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationUpdated));
        Assert.Single(await factory.AuditAsync(org, AuditEventType.CertificationRemoved));
    }

    [Theory]
    [InlineData("", "Person: This field is required.")]
    [InlineData("not-a-date", "Earned on: This value is not valid.")]
    public async Task Certifications_InvalidForm_ShowsTheErrorAndWritesNothing(string earned, string message)
    {
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);
        var before = await factory.StateAsync();
        var person = earned.Length == 0 ? "" : (await factory.AccountAsync(Alex)).Id.ToString();

        var response = await admin.PostFormAsync("/Designations/Certifications", [
            new("Input.AccountId", person), new("Input.Certification", "azure-developer"),
            new("Input.EarnedOn", earned.Length == 0 ? "2026-01-01" : earned), new("Input.ExpiresOn", "2026-12-31")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(admin.LastHtml), StringComparison.Ordinal);
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task Certifications_StaleEdit_ShowsConflictAndKeepsTheOtherEdit()
    {
        var (api, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var admin = await factory.AWorkAccountAsync(org, roles: [Roles.PartnerProgramAdmin]);
        var page = await SignedInAsync(admin.Email!, Builders.GoodPassword);
        var created = await api.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "azure-network-engineer", factory.Today().AddDays(-2)));
        var id = created.GetProperty("id").GetGuid();
        await page.GetAsync("/Designations/Certifications?edit=" + id);
        var form = Html.FormWith(page.LastHtml, "Input.Version");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsync($"{CertificationsPath(org)}/{id}",
            System.Net.Http.Json.JsonContent.Create(CertificationBody(people[0], "azure-network-engineer", factory.Today().AddDays(-9), version: created.GetProperty("version").GetGuid())),
            TestContext.Current.CancellationToken)).StatusCode);

        var response = await page.PostFormAsync("/Designations/Certifications?edit=" + id, form.Fields.Where(f => f.Key != "__RequestVerificationToken"), form.Action);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this certification", page.LastHtml, StringComparison.Ordinal);
        Assert.Equal(factory.Today().AddDays(-9), await factory.WithDbAsync(db => db.Certifications.Where(c => c.Id == id).Select(c => c.EarnedOn).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Deployments_AddEditDeleteThroughTheForms()
    {
        var (_, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var admin = await factory.AWorkAccountAsync(org, roles: [Roles.GlobalAdmin]);
        var page = await SignedInAsync(admin.Email!, Builders.GoodPassword);
        var today = factory.Today();

        var added = await page.PostFormAsync("/Designations/Deployments", [
            new("Input.CustomerName", "Relecloud"), new("Input.SolutionArea", "DataAI"), new("Input.GoLiveOn", Iso(today.AddDays(-1))),
            new("Input.Seats", "1,500"), new("Input.Workloads", "Azure OpenAI")]);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var deployment = await factory.WithDbAsync(db => db.CustomerDeployments.AsNoTracking().SingleAsync(d => d.OrganizationId == org, TestContext.Current.CancellationToken));
        Assert.Equal(("Relecloud", SolutionArea.DataAI, 1500, "Azure OpenAI"), (deployment.CustomerName, deployment.SolutionArea, deployment.Seats, deployment.Workloads));
        await page.GetAsync("/Designations/Deployments");
        Assert.Contains("Added the deployment at Relecloud.", page.LastHtml, StringComparison.Ordinal);

        await page.GetAsync("/Designations/Deployments?edit=" + deployment.Id);
        var form = Html.FormWith(page.LastHtml, "Input.Version");
        Assert.Equal("DataAI", form.Fields["Input.SolutionArea"]);
        var edited = await page.PostFormAsync("/Designations/Deployments?edit=" + deployment.Id,
            form.Fields.Where(f => f.Key != "__RequestVerificationToken").Select(f => f.Key == "Input.Seats" ? new KeyValuePair<string, string>(f.Key, "abc") : f), form.Action);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains("Seats: This value is not valid.", page.LastHtml, StringComparison.Ordinal);
        edited = await page.PostFormAsync("/Designations/Deployments?edit=" + deployment.Id,
            form.Fields.Where(f => f.Key != "__RequestVerificationToken").Select(f => f.Key == "Input.Seats" ? new KeyValuePair<string, string>(f.Key, "1600") : f), form.Action);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(1600, await factory.WithDbAsync(db => db.CustomerDeployments.Where(d => d.Id == deployment.Id).Select(d => d.Seats).SingleAsync(TestContext.Current.CancellationToken)));

        await page.GetAsync("/Designations/Deployments");
        var delete = Html.PostForms(page.LastHtml).Single(f => f.Action!.Contains("handler=Delete", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("/Designations/Deployments", delete.Fields.Where(f => f.Key != "__RequestVerificationToken"), delete.Action)).StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.CustomerDeployments.CountAsync(d => d.OrganizationId == org, TestContext.Current.CancellationToken)));
        Assert.Single(await factory.AuditAsync(org, AuditEventType.DeploymentUpdated));
    }

    [Fact]
    public async Task Pages_RecordOfAnotherOrganization_AreNotFound()
    {
        var (api, org, _, people) = await factory.FreshOrganizationAsync(people: 1);
        var foreign = (await api.PostCreatedAsync(CertificationsPath(org), CertificationBody(people[0], "azure-administrator", factory.Today()))).GetProperty("id").GetGuid();
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);
        var before = await factory.StateAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Designations/Certifications?edit=" + foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/Designations/Certifications", [], $"/Designations/Certifications?handler=Delete&id={foreign}")).StatusCode);
        Assert.Equal(before, await factory.StateAsync());
    }

    [Fact]
    public async Task DealForm_TagsTheSolutionArea_ShownOnTheDealAndCountedWhenWon()
    {
        var (api, org, _, _) = await factory.FreshOrganizationAsync(people: 0);
        var seller = await factory.AWorkAccountAsync(org, roles: [Roles.ReferralsAdmin, Roles.PartnerProgramAdmin]);
        var page = await SignedInAsync(seller.Email!, Builders.GoodPassword);
        await page.GetAsync("/Referrals");
        Assert.Contains("name=\"Input.SolutionArea\"", page.LastHtml, StringComparison.Ordinal);

        var created = await page.PostFormAsync("/Referrals", [
            new("Input.CustomerName", "Coho Vineyard"), new("Input.ContactName", "Robin Sato"), new("Input.ContactEmail", "robin@coho.example"),
            new("Input.Description", "Analytics platform."), new("Input.Value", "12000"), new("Input.Currency", "USD"),
            new("Input.ExpectedCloseDate", Iso(factory.Today().AddDays(30))), new("Input.LocationId", ""), new("Input.SolutionArea", "DataAI")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var deal = await factory.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.OrganizationId == org, TestContext.Current.CancellationToken));
        Assert.Equal(SolutionArea.DataAI, deal.SolutionArea);
        await page.GetAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("Data &amp; AI (Azure)", page.LastHtml, StringComparison.Ordinal);
        var status = $"/api/v1/orgs/{org}/deals/{deal.Id}/status";
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync(status, System.Net.Http.Json.JsonContent.Create(new { status = "Active" }), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, (await api.ListAsync(org)).Area("DataAI").Points()["performance"]);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync(status, System.Net.Http.Json.JsonContent.Create(new { status = "Won" }), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(5, (await api.ListAsync(org)).Area("DataAI").Points()["performance"]);
    }

    [Fact]
    public async Task OpenApi_ListsTheDesignationsRoutes()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).JsonAsync();

        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "designations", "designations/{solutionArea}/apply", "certifications", "certifications/{id}", "deployments", "deployments/{id}" })
        {
            Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/" + path, out _), path);
        }
    }

    [Fact]
    public async Task Index_InJapanese_ShowsJapaneseLabels()
    {
        var admin = await ContosoPageUserAsync(Roles.PartnerProgramAdmin);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        await admin.GetAsync("/Designations");

        Assert.Contains("ソリューション パートナー指定", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("モダン ワーク", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("取得済み", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_EveryDesignationsString_HasEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var source = Path.Combine(root, "src", "Portico.Web", "Features", "Designations");
        var used = Directory.GetFiles(source, "*.cs*")
            .SelectMany(f => KeyRegex().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet(StringComparer.Ordinal);
        var keys = used
            .Concat(DesignationErrors.All.Select(e => "Error." + e))
            .Concat(SolutionAreas.All.Select(a => "SolutionArea." + a))
            .Concat(Enum.GetNames<DesignationStatus>().Select(s => "DesignationStatus." + s))
            .Concat(Enum.GetValues<DesignationMetric>().Select(m => DesignationService.MetricId(m))
                .SelectMany(m => new[] { "DesignationMetric." + m, "Designations.Basis." + m, "Designations.Available." + m }))
            .Concat(new[] { "certification", "accountId", "earnedOn", "expiresOn", "customerName", "solutionArea", "goLiveOn", "seats", "workloads", "version" }.Select(f => "Designations.Field." + f))
            .Concat(new[] { "CertificationAdded", "CertificationUpdated", "CertificationRemoved", "DeploymentAdded", "DeploymentUpdated", "DeploymentRemoved", "DesignationEarned", "DesignationRenewed" }.Select(t => "AuditType." + t))
            .Concat(new[] { "Nav.Designations", "Deals.Field.solutionArea", "Deals.NoSolutionArea", "Deals.SolutionAreaHint" })
            .Distinct()
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 90, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
        Assert.Equal([], Enum.GetNames<AuditEventType>().Where(n => (int)Enum.Parse<AuditEventType>(n) is >= 1170 and < 1180)
            .Where(n => string.IsNullOrWhiteSpace(english.GetString("AuditType." + n)) || string.IsNullOrWhiteSpace(japanese.GetString("AuditType." + n))).ToList());
    }

    [GeneratedRegex("T\\[\"([A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhitespaceRegex();
}
