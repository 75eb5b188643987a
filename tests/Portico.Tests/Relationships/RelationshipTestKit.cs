using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Relationships;

namespace Portico.Tests.Relationships;

/// <summary>Sign-ins and arrangements shared by the relationship tests (demo data: Northwind serves Fabrikam).</summary>
public static class RelationshipTestKit
{
    public const string Nora = "nora.admin@northwind.example";
    public const string Ken = "ken.sato@northwind.example";
    public const string Hana = "hana.helpdesk@northwind.example";
    public const string Fumi = "fumi.suzuki@fabrikam.example";
    public const string Jun = "jun.ito@fabrikam.example";
    public const string Alex = "alex.johnson@contoso.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An API client signed in as <paramref name="email"/>; <paramref name="mfa"/> marks the session's second factor as done.</summary>
    public static async Task<HttpClient> ClientAsync(this PortalFactory factory, string email, bool mfa = true, string password = DemoData.Password)
    {
        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync(email, password));
        if (mfa)
        {
            await factory.MarkMfaAsync(email);
        }

        return client;
    }

    /// <summary>Marks every open session of the account as having completed MFA (the MFA step itself is another feature's).</summary>
    public static async Task MarkMfaAsync(this PortalFactory factory, string email)
    {
        var account = await factory.AccountAsync(email);
        await factory.WithDbAsync(db => db.Sessions.Where(s => s.AccountId == account.Id && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.MfaCompleted, true), Ct));
    }

    public static Task<Guid> NorthwindAsync(this PortalFactory factory) => factory.OrganizationIdAsync("Northwind Distribution");

    public static Task<Guid> FabrikamAsync(this PortalFactory factory) => factory.OrganizationIdAsync("Fabrikam Reseller 株式会社");

    public static Task<Guid> ContosoAsync(this PortalFactory factory) => factory.OrganizationIdAsync("Contoso Cloud Solutions");

    public static Task<Guid> DemoRelationshipIdAsync(this PortalFactory factory) =>
        factory.WithDbAsync(db => db.DelegatedAdminRelationships.Where(r => r.DisplayName == DemoData.RelationshipName).Select(r => r.Id).SingleAsync(Ct));

    public static async Task<JsonElement> RequestAsync(
        this HttpClient provider, Guid providerId, Guid customerId, string[] roles, int durationDays = 30, bool autoExtend = false, string? name = null)
    {
        var response = await provider.PostAsJsonAsync($"/api/v1/orgs/{providerId}/delegated-admin-relationships",
            new { customerOrgId = customerId, displayName = name ?? "Request " + Guid.NewGuid().ToString("N")[..6], roles, durationDays, autoExtend }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    /// <summary>Relationship rows and their states, audit rows and assignments: what a refused request must leave unchanged.</summary>
    public static Task<(int Relationships, int Resellers, int Assignments, int Audit, string States)> StateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.DelegatedAdminRelationships.CountAsync(Ct),
            await db.ResellerRelationships.CountAsync(Ct),
            await db.DelegatedAdminAssignments.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            string.Join(",", await db.DelegatedAdminRelationships.OrderBy(r => r.Id).Select(r => r.Status.ToString() + r.Version).ToListAsync(Ct))
                + ";" + string.Join(",", await db.ResellerRelationships.OrderBy(r => r.Id).Select(r => r.Status.ToString() + r.Version).ToListAsync(Ct))));

    public static async Task SetStatusAsync(this PortalFactory factory, Guid relationshipId, Action<DelegatedAdminRelationship> change)
    {
        await factory.WithDbAsync(async db =>
        {
            change(await db.DelegatedAdminRelationships.SingleAsync(r => r.Id == relationshipId, Ct));
            return await db.SaveChangesAsync(Ct);
        });
    }
}
