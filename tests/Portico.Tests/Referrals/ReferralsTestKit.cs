using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;

namespace Portico.Tests.Referrals;

/// <summary>Sign-ins and arrangements shared by the Referrals tests (demo data: deals at Contoso).</summary>
public static class ReferralsTestKit
{
    public const string Mika = "mika.yamada@contoso.example";
    public const string Taylor = "taylor.tanaka@contoso.example";
    public const string Alex = "alex.johnson@contoso.example";
    public const string Sam = "sam.lee@contoso.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An API client signed in to the work account of <paramref name="email"/> (Taylor also has a personal account).</summary>
    public static async Task<HttpClient> ReferralsClientAsync(this PortalFactory factory, string email, string password = Portico.Web.Data.DemoData.Password)
    {
        var client = factory.CreateClient();
        return client.WithToken(await client.SignInAsync(email, password, "Work"));
    }

    public static string Deals(Guid contoso) => $"/api/v1/orgs/{contoso}/deals";

    /// <summary>A valid new-deal body; <paramref name="changes"/> overrides or adds fields.</summary>
    public static Dictionary<string, object?> DealBody(string customer = "Fourth Coffee", params (string Key, object? Value)[] changes)
    {
        var body = new Dictionary<string, object?>
        {
            ["customerName"] = customer,
            ["contactName"] = "Lee Ortiz",
            ["contactEmail"] = "lee.ortiz@fourthcoffee.example",
            ["description"] = "Cloud migration of the ordering system.",
            ["value"] = 25000.50m,
            ["currency"] = "USD",
            ["expectedCloseDate"] = "2027-03-31",
        };
        foreach (var (key, value) in changes)
        {
            body[key] = value;
        }

        return body;
    }

    public static async Task<JsonElement> CreateDealAsync(this HttpClient client, Guid contoso, Dictionary<string, object?> body)
    {
        var response = await client.PostAsJsonAsync(Deals(contoso), body, Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    public static async Task<Guid> DemoDealIdAsync(this PortalFactory factory, string customer) =>
        await factory.WithDbAsync(db => db.Deals.Where(d => d.CustomerName == customer).Select(d => d.Id).SingleAsync(Ct));

    public static async Task<Guid> LocationIdAsync(this PortalFactory factory, Guid organizationId, string name) =>
        await factory.WithDbAsync(db => db.Locations.Where(l => l.OrganizationId == organizationId && l.Name == name).Select(l => l.Id).SingleAsync(Ct));

    /// <summary>A Contoso work account holding <paramref name="role"/> for one location (or org-wide when null).</summary>
    public static async Task<Account> ContosoAccountAsync(this PortalFactory factory, string role, Guid? locationId, string name = "Quinn Example")
    {
        var contoso = await factory.ContosoAsync();
        var account = await factory.AWorkAccountAsync(contoso, displayName: name);
        await factory.WithDbAsync(async db =>
        {
            db.RoleAssignments.Add(new RoleAssignment { AccountId = account.Id, OrganizationId = contoso, Role = role, LocationId = locationId, AssignedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync(Ct);
        });
        return account;
    }

    /// <summary>Deals (id, status, version, owner) and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<string> DealStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db =>
            string.Join(",", await db.Deals.OrderBy(d => d.Id).Select(d => d.Id + d.Status.ToString() + d.Version + d.OwnerAccountId + d.CustomerName).ToListAsync(Ct))
            + ";" + await db.AuditEvents.CountAsync(Ct));

    public static readonly string[] DealRoles = [Roles.ReferralsAdmin, Roles.ReferralsUser];
}
