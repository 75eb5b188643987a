using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Web.Features.Accounts;

namespace Portico.Tests.Insights;

/// <summary>Sign-ins and arrangements shared by the Insights tests (demo data: deals and offers at Contoso).</summary>
public static class InsightsTestKit
{
    public const string Erin = "erin.walsh@contoso.example";
    public const string Noah = "noah.becker@contoso.example";
    public const string Alex = "alex.johnson@contoso.example";
    public const string Taylor = "taylor.tanaka@contoso.example";
    public const string Jun = "jun.ito@fabrikam.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Report(Guid organizationId, string report, string query = "") => $"/api/v1/orgs/{organizationId}/insights/{report}{query}";

    public static async Task<JsonElement> GetReportAsync(this HttpClient client, Guid organizationId, string report, string query = "")
    {
        var response = await client.GetAsync(Report(organizationId, report, query), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    /// <summary>A Contoso work account holding each of <paramref name="roles"/> (role, location or null for organization-wide).</summary>
    public static async Task<Account> ContosoViewerAsync(this PortalFactory factory, string name, params (string Role, Guid? LocationId)[] roles)
    {
        var contoso = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var account = await factory.AWorkAccountAsync(contoso, displayName: name);
        await factory.WithDbAsync(async db =>
        {
            foreach (var (role, location) in roles)
            {
                db.RoleAssignments.Add(new RoleAssignment { AccountId = account.Id, OrganizationId = contoso, Role = role, LocationId = location, AssignedUtc = DateTime.UtcNow });
            }

            return await db.SaveChangesAsync(Ct);
        });
        return account;
    }

    public static Task<HttpClient> ViewerClientAsync(this PortalFactory factory, Account account) =>
        factory.ReferralsClientAsync(account.Email!, Builders.GoodPassword);

    /// <summary>Status name → count of a report's <c>byStatus</c> (or other count list).</summary>
    public static Dictionary<string, int> Counts(this JsonElement report, string property) =>
        report.GetProperty(property).EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("count").GetInt32());

    public static Task<int> ExportRowsAsync(this PortalFactory factory) =>
        factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == Portico.Web.Features.AuditLog.AuditEventType.InsightsReportExported, Ct));
}
