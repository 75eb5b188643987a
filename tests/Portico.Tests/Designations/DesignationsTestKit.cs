using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Designations;

/// <summary>Sign-ins and arrangements shared by the Designations tests (demo data: Contoso's certifications, deployments and earned Security designation).</summary>
public static class DesignationsTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string DesignationsPath(Guid orgId) => $"/api/v1/orgs/{orgId}/designations";

    public static string CertificationsPath(Guid orgId) => $"/api/v1/orgs/{orgId}/certifications";

    public static string DeploymentsPath(Guid orgId) => $"/api/v1/orgs/{orgId}/deployments";

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Today(this PortalFactory factory) => DateOnly.FromDateTime(factory.Time.GetUtcNow().UtcDateTime);

    /// <summary>A new Contoso work account holding exactly <paramref name="roles"/>, signed in through the API.</summary>
    public static async Task<(HttpClient Client, Guid AccountId)> ContosoUserAsync(this PortalFactory factory, params string[] roles)
    {
        var account = await factory.AWorkAccountAsync(await factory.ContosoAsync(), Builders.UniqueEmail("designations", "contoso.example"),
            displayName: "Designations " + string.Join("+", roles), roles: roles);
        return (await factory.ClientAsync(account.Email!, mfa: false, password: Builders.GoodPassword), account.Id);
    }

    /// <summary>
    /// A new organization (every program, nothing recorded) with a signed-in Partner program admin who is also its
    /// Referrals admin (to win deals), and <paramref name="people"/> more members to hold certifications.
    /// </summary>
    public static async Task<(HttpClient Client, Guid OrgId, Guid AdminId, Guid[] People)> FreshOrganizationAsync(this PortalFactory factory, int people = 5)
    {
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        var admin = await factory.AWorkAccountAsync(org, displayName: "Pat Program", roles: [Roles.PartnerProgramAdmin, Roles.ReferralsAdmin]);
        var members = new Guid[people];
        for (var i = 0; i < people; i++)
        {
            var member = factory.UnsavedWorkAccount(org, $"Member {i + 1}");
            await factory.WithDbAsync(async db =>
            {
                db.Users.Add(member);
                return await db.SaveChangesAsync(Ct);
            });
            members[i] = member.Id;
        }

        return (await factory.ClientAsync(admin.Email!, mfa: false, password: Builders.GoodPassword), org, admin.Id, members);
    }

    public static object CertificationBody(Guid accountId, string certification, DateOnly earned, DateOnly? expires = null, Guid? version = null) => new
    {
        accountId,
        certification,
        earnedOn = Iso(earned),
        expiresOn = Iso(expires ?? earned.AddYears(1).AddDays(-1)),
        version,
    };

    public static object DeploymentBody(string area, DateOnly goLive, string customer = "Relecloud", int seats = 250, string? workloads = "Exchange Online", Guid? version = null) => new
    {
        customerName = customer,
        solutionArea = area,
        goLiveOn = Iso(goLive),
        seats,
        workloads,
        version,
    };

    public static async Task<JsonElement> PostCreatedAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    /// <summary>Wins a new deal tagged with <paramref name="area"/> through the Referrals API.</summary>
    public static async Task WinDealAsync(this HttpClient client, Guid orgId, string area, string customer = "Fourth Coffee")
    {
        var deal = await client.PostCreatedAsync($"/api/v1/orgs/{orgId}/deals", new
        {
            customerName = customer, contactName = "Lee Ortiz", contactEmail = "lee.ortiz@fourthcoffee.example", description = "Rollout.",
            value = 1000m, currency = "USD", expectedCloseDate = "2027-03-31", solutionArea = area,
        });
        var status = $"/api/v1/orgs/{orgId}/deals/{deal.GetProperty("id").GetGuid()}/status";
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsJsonAsync(status, new { status = "Active" }, Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsJsonAsync(status, new { status = "Won" }, Ct)).StatusCode);
    }

    /// <summary>The designation entry of <paramref name="area"/> in a list response.</summary>
    public static JsonElement Area(this JsonElement list, string area) =>
        list.GetProperty("designations").EnumerateArray().Single(d => d.GetProperty("solutionArea").GetString() == area);

    public static Dictionary<string, int> Points(this JsonElement designation) =>
        designation.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("metric").GetString()!, m => m.GetProperty("points").GetInt32());

    public static async Task<JsonElement> ListAsync(this HttpClient client, Guid orgId)
    {
        var response = await client.GetAsync(DesignationsPath(orgId), Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    /// <summary>Row counts and versions of the Designations tables plus audit rows: what a refused request must leave unchanged.</summary>
    public static Task<string> StateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db => string.Join(";",
            await db.Certifications.CountAsync(Ct),
            await db.CustomerDeployments.CountAsync(Ct),
            await db.Designations.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            string.Join(",", await db.Certifications.OrderBy(c => c.Id).Select(c => c.Version).ToListAsync(Ct)),
            string.Join(",", await db.CustomerDeployments.OrderBy(c => c.Id).Select(c => c.Version).ToListAsync(Ct)),
            string.Join(",", await db.Designations.OrderBy(c => c.Id).Select(c => c.Version).ToListAsync(Ct))));

    public static Task<List<AuditEvent>> AuditAsync(this PortalFactory factory, Guid orgId, AuditEventType type) =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.TargetOrganizationId == orgId && e.Type == type).ToListAsync(Ct));
}
