using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Apps;
using Portico.Web.Features.AuditLog;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Apps;

/// <summary>Sign-ins and arrangements shared by the app registration tests (demo data: Contoso's two apps, Devon Park is Owner and Developer).</summary>
public static class AppsTestKit
{
    public const string Devon = AppDemoData.OwnerEmail;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new Contoso work account holding exactly <paramref name="roles"/>, signed in through the API.</summary>
    public static async Task<(HttpClient Client, string Email)> ContosoAppsUserAsync(this PortalFactory factory, params string[] roles)
    {
        var contoso = await factory.ContosoAsync();
        var account = await factory.AWorkAccountAsync(contoso, Builders.UniqueEmail("apps", "contoso.example"), displayName: "Apps " + string.Join("+", roles), roles: roles);
        return (await factory.ClientAsync(account.Email!, mfa: false, password: Builders.GoodPassword), account.Email!);
    }

    /// <summary>A new organization in every program, with a signed-in user holding <paramref name="roles"/>.</summary>
    public static async Task<(HttpClient Client, Guid OrgId)> OtherOrganizationUserAsync(this PortalFactory factory, params string[] roles)
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, roles: roles);
        return (await factory.ClientAsync(account.Email!, mfa: false, password: Builders.GoodPassword), org.Organization.Id);
    }

    public static object Body(string? displayName = null, string platform = "Web", string[]? redirectUris = null, string? description = "Schedules field visits.") => new
    {
        displayName = displayName ?? "App " + Guid.NewGuid().ToString("N")[..8],
        description,
        platform,
        redirectUris = redirectUris ?? ["https://app.contoso.example/signin-oidc"],
    };

    public static async Task<JsonElement> CreateAppAsync(this HttpClient client, Guid orgId, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/apps", body ?? Body(), Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    public static async Task<JsonElement> CreateSecretAsync(this HttpClient client, Guid orgId, Guid appId, int days = 90, string? description = "CI pipeline")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/apps/{appId}/secrets", new { description, expiresInDays = days }, Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    public static Task<AppRegistration?> AppAsync(this PortalFactory factory, Guid appId) =>
        factory.WithDbAsync(db => db.AppRegistrations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == appId, Ct));

    public static Task<List<AppSecret>> SecretsAsync(this PortalFactory factory, Guid appId) =>
        factory.WithDbAsync(db => db.AppSecrets.AsNoTracking().Where(s => s.AppRegistrationId == appId).ToListAsync(Ct));

    /// <summary>The id of Contoso's app named <paramref name="name"/>.</summary>
    public static async Task<Guid> AppIdAsync(this PortalFactory factory, string name)
    {
        var contoso = await factory.ContosoAsync();
        return await factory.WithDbAsync(db => db.AppRegistrations.Where(a => a.OrganizationId == contoso && a.DisplayName == name).Select(a => a.Id).SingleAsync(Ct));
    }

    /// <summary>Apps (with status, settings and version), secrets and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<(int Apps, int Secrets, int Audit, string States)> AppStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.AppRegistrations.CountAsync(Ct),
            await db.AppSecrets.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            string.Join(",", await db.AppRegistrations.OrderBy(a => a.Id)
                .Select(a => a.DisplayName + a.Status.ToString() + a.Platform.ToString() + a.RedirectUris + a.Description + a.Version).ToListAsync(Ct))));

    /// <summary>The audit rows of <paramref name="type"/> that name <paramref name="appId"/> in their details.</summary>
    public static Task<List<AuditEvent>> AppAuditAsync(this PortalFactory factory, Guid appId, AuditEventType type) =>
        factory.WithDbAsync(async db => (await db.AuditEvents.AsNoTracking().Where(e => e.Type == type).ToListAsync(Ct))
            .Where(e => e.Details is not null && e.Details.Contains(appId.ToString(), StringComparison.Ordinal)).ToList());
}
