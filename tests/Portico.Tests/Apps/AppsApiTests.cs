using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.Apps;
using Portico.Web.Features.AuditLog;
using static Portico.Tests.Apps.AppsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Apps;

/// <summary>The app registrations API (SPEC §2–3): who sees and edits apps, delete for Owner or Global admin, secrets shown once, tenant isolation, audit.</summary>
public sealed class AppsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<string> Names(JsonElement list) =>
        list.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("displayName").GetString()!).ToList();

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Developer)]
    [InlineData(Roles.GlobalAdmin)]
    public async Task List_AsEachRoleThatOpensApps_ShowsEveryAppOfTheOrganization(string role)
    {
        var (client, _) = await factory.ContosoAppsUserAsync(role);
        var contoso = await factory.ContosoAsync();

        var response = await client.GetAsync($"/api/v1/orgs/{contoso}/apps", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = Names(await response.JsonAsync());
        Assert.Contains(AppDemoData.WebApp, names);
        Assert.Contains(AppDemoData.DesktopApp, names);
    }

    [Theory]
    [InlineData(Roles.BusinessContributor)]
    [InlineData(Roles.FinancialContributor)]
    [InlineData(Roles.Marketer)]
    [InlineData(Roles.ReferralsUser)]
    [InlineData(Roles.UserManagementAdmin)]
    public async Task List_AsRoleWithoutApps_IsForbiddenWithExplanationAndCannotCreate(string role)
    {
        var (client, _) = await factory.ContosoAppsUserAsync(role);
        var contoso = await factory.ContosoAsync();
        var before = await factory.AppStateAsync();

        var problem = await (await client.GetAsync($"/api/v1/orgs/{contoso}/apps", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var failed = problem.GetProperty("explanation").GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToList();
        Assert.Equal("role", Assert.Single(failed).GetProperty("check").GetString());
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Create_AsDeveloper_GeneratesClientIdIsActiveAuditedAndReadable()
    {
        var (client, email) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        string[] uris = ["https://visits.contoso.example/auth", "http://localhost:8080/callback", "http://127.0.0.1:53123/"];

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body("Contoso Visits", "Web", uris), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/orgs/{contoso}/apps/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Active", created.GetProperty("status").GetString());
        Assert.NotEqual(Guid.Empty, created.GetProperty("clientId").GetGuid());
        Assert.Equal(uris, created.GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()).ToArray());
        Assert.Equal("Apps Developer", created.GetProperty("createdBy").GetString());
        var read = await (await client.GetAsync($"/api/v1/orgs/{contoso}/apps/{id}", Ct)).JsonAsync();
        Assert.Equal(created.GetProperty("clientId").GetGuid(), read.GetProperty("clientId").GetGuid());
        Assert.Equal("Schedules field visits.", read.GetProperty("description").GetString());
        var audit = Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppCreated));
        Assert.Equal(contoso, audit.TargetOrganizationId);
        Assert.Equal((await factory.AccountAsync(email)).Id, audit.ActorAccountId);
    }

    [Fact]
    public async Task Create_NameTakenInAnyCase_IsRefusedAndNothingWritten()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.AppStateAsync();

        var response = await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(AppDemoData.WebApp.ToUpperInvariant()), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.NameTaken);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Create_SameNameInAnotherOrganization_IsAllowed()
    {
        var (owner, orgId) = await factory.OtherOrganizationUserAsync(Roles.Owner);

        var created = await owner.CreateAppAsync(orgId, Body(AppDemoData.WebApp));

        Assert.Equal(AppDemoData.WebApp, created.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Update_AsManager_ReplacesRedirectUrisKeepsClientIdAndAuditsChangedFields()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await devon.CreateAppAsync(contoso);
        var id = app.GetProperty("id").GetGuid();
        var (manager, _) = await factory.ContosoAppsUserAsync(Roles.Manager);

        var response = await manager.PutAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{id}", new
        {
            displayName = app.GetProperty("displayName").GetString(), description = "Schedules field visits.", platform = "SinglePageApp",
            redirectUris = new[] { "https://spa.contoso.example/", "https://spa.contoso.example/silent" },
            clientId = Guid.NewGuid(), version = app.GetProperty("version").GetGuid(),
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.JsonAsync();
        Assert.Equal("SinglePageApp", updated.GetProperty("platform").GetString());
        Assert.Equal(2, updated.GetProperty("redirectUris").GetArrayLength());
        Assert.Equal(app.GetProperty("clientId").GetGuid(), updated.GetProperty("clientId").GetGuid());
        Assert.Equal("Apps Manager", updated.GetProperty("updatedBy").GetString());
        Assert.NotEqual(app.GetProperty("version").GetGuid(), updated.GetProperty("version").GetGuid());
        var audit = Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppUpdated));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(["platform", "redirectUris"], details.RootElement.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ToList());
    }

    [Fact]
    public async Task Update_WithStaleVersion_Answers409WithCurrentAndWritesNothing()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await devon.CreateAppAsync(contoso);
        var id = app.GetProperty("id").GetGuid();
        var name = app.GetProperty("displayName").GetString();
        var first = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{id}", Body(name, "Mobile"), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await factory.AppStateAsync();

        var second = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{id}", new
        {
            displayName = "Renamed", platform = "Web", redirectUris = Array.Empty<string>(), version = app.GetProperty("version").GetGuid(),
        }, Ct);

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.Changed);
        Assert.Equal("Mobile", problem.GetProperty("current").GetProperty("platform").GetString());
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Update_RenameToAnotherAppsName_IsRefused()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await devon.CreateAppAsync(contoso);
        var before = await factory.AppStateAsync();

        var response = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{app.GetProperty("id").GetGuid()}", Body(AppDemoData.DesktopApp.ToLowerInvariant()), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.NameTaken);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task DisableEnable_AsDeveloper_KeepsSecretsFollowsTheStatusRulesAndIsAudited()
    {
        var (developer, _) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var id = (await developer.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        await developer.CreateSecretAsync(contoso, id);
        var path = $"/api/v1/orgs/{contoso}/apps/{id}";

        var disabled = await (await developer.PostAsync(path + "/disable", null, Ct)).JsonAsync();
        Assert.Equal("Disabled", disabled.GetProperty("status").GetString());
        Assert.Equal(1, disabled.GetProperty("activeSecrets").GetInt32());
        await (await developer.PostAsync(path + "/disable", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.AlreadyDisabled);
        var before = await factory.AppStateAsync();
        await (await developer.PostAsJsonAsync(path + "/secrets", new { expiresInDays = 30 }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.AppDisabled);
        Assert.Equal(before, await factory.AppStateAsync());
        Assert.Single((await (await developer.GetAsync(path + "/secrets", Ct)).JsonAsync()).GetProperty("secrets").EnumerateArray());

        var enabled = await (await developer.PostAsJsonAsync(path + "/enable", new { version = disabled.GetProperty("version").GetGuid() }, Ct)).JsonAsync();
        Assert.Equal("Active", enabled.GetProperty("status").GetString());
        await (await developer.PostAsync(path + "/enable", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.AlreadyActive);
        await (await developer.PostAsJsonAsync(path + "/disable", new { version = disabled.GetProperty("version").GetGuid() }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.Changed);

        Assert.Equal(AppStatus.Active, (await factory.AppAsync(id))!.Status);
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppDisabled));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppEnabled));
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Developer)]
    public async Task Delete_WithoutOwnerOrGlobalAdmin_IsRefusedAndNothingWritten(string role)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var id = (await devon.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        await devon.CreateSecretAsync(contoso, id);
        var (client, _) = await factory.ContosoAppsUserAsync(role);
        var before = await factory.AppStateAsync();

        await (await client.DeleteAsync($"/api/v1/orgs/{contoso}/apps/{id}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, AppErrors.DeleteNotAllowed);

        Assert.Equal(before, await factory.AppStateAsync());
        Assert.NotNull(await factory.AppAsync(id));
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.GlobalAdmin)]
    public async Task Delete_AsOwnerOrGlobalAdmin_RemovesAppAndSecretsAndIsAudited(string role)
    {
        var (client, email) = await factory.ContosoAppsUserAsync(role);
        var contoso = await factory.ContosoAsync();
        var app = await client.CreateAppAsync(contoso);
        var id = app.GetProperty("id").GetGuid();
        await client.CreateSecretAsync(contoso, id);
        await client.CreateSecretAsync(contoso, id, 30);

        var response = await client.DeleteAsync($"/api/v1/orgs/{contoso}/apps/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await factory.AppAsync(id));
        Assert.Empty(await factory.SecretsAsync(id));
        var audit = Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppDeleted));
        Assert.Equal((await factory.AccountAsync(email)).Id, audit.ActorAccountId);
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(2, details.RootElement.GetProperty("secretsRemoved").GetInt32());
        Assert.Equal(app.GetProperty("clientId").GetGuid(), details.RootElement.GetProperty("clientId").GetGuid());
        await (await client.GetAsync($"/api/v1/orgs/{contoso}/apps/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
    }

    [Fact]
    public async Task CreateSecret_ReturnsTheValueOnceStoresOnlyItsHashAndAuditsIdAndHint()
    {
        var (developer, email) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var id = (await developer.CreateAppAsync(contoso)).GetProperty("id").GetGuid();

        var response = await developer.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{id}/secrets", new { description = "Build agent", expiresInDays = 180 }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var created = await response.JsonAsync();
        var text = created.GetProperty("secretText").GetString()!;
        Assert.StartsWith(AppRegistrationService.SecretPrefix, text, StringComparison.Ordinal);
        var random = text[AppRegistrationService.SecretPrefix.Length..];
        Assert.Equal(43, random.Length);
        Assert.Equal(32, Convert.FromBase64String(random.Replace('-', '+').Replace('_', '/') + "=").Length);
        Assert.Equal(random[..4], created.GetProperty("hint").GetString());
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime.AddDays(180), created.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
        Assert.Equal("Apps Developer", created.GetProperty("createdBy").GetString());

        var stored = Assert.Single(await factory.SecretsAsync(id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), stored.Hash);
        Assert.DoesNotContain(random, stored.Hash, StringComparison.Ordinal);
        var listed = await (await developer.GetAsync($"/api/v1/orgs/{contoso}/apps/{id}/secrets", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(random, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secretText", listed, StringComparison.Ordinal);
        Assert.Contains("\"description\":\"Build agent\"", listed, StringComparison.Ordinal);
        var audit = Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppSecretCreated));
        Assert.Equal((await factory.AccountAsync(email)).Id, audit.ActorAccountId);
        Assert.Contains(stored.Id.ToString(), audit.Details!, StringComparison.Ordinal);
        Assert.DoesNotContain(random, audit.Details!, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Hash, audit.Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSecret_TwoSecrets_AreDifferent()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var id = (await devon.CreateAppAsync(contoso)).GetProperty("id").GetGuid();

        var first = (await devon.CreateSecretAsync(contoso, id)).GetProperty("secretText").GetString();
        var second = (await devon.CreateSecretAsync(contoso, id)).GetProperty("secretText").GetString();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task CreateSecret_SixthActiveSecret_IsRefusedButExpiredOnesDoNotCountAndShowAsExpired()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var id = (await devon.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            db.AppSecrets.Add(AppRegistrationService.NewSecret(id, "Old", now.AddDays(-40), now.AddDays(-10), null).Secret);
            return await db.SaveChangesAsync(Ct);
        });
        for (var i = 0; i < AppRegistrationService.MaxActiveSecrets; i++)
        {
            await devon.CreateSecretAsync(contoso, id);
        }

        var before = await factory.AppStateAsync();
        await (await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{id}/secrets", new { expiresInDays = 30 }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.SecretLimitReached);
        Assert.Equal(before, await factory.AppStateAsync());

        var secrets = (await (await devon.GetAsync($"/api/v1/orgs/{contoso}/apps/{id}/secrets", Ct)).JsonAsync()).GetProperty("secrets").EnumerateArray().ToList();
        Assert.Equal(6, secrets.Count);
        Assert.True(Assert.Single(secrets, s => s.GetProperty("description").GetString() == "Old").GetProperty("expired").GetBoolean());
        Assert.Equal(5, secrets.Count(s => !s.GetProperty("expired").GetBoolean()));

        var revoke = secrets.First(s => !s.GetProperty("expired").GetBoolean()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await devon.DeleteAsync($"/api/v1/orgs/{contoso}/apps/{id}/secrets/{revoke}", Ct)).StatusCode);
        await devon.CreateSecretAsync(contoso, id);
    }

    [Fact]
    public async Task RevokeSecret_RemovesItAuditsHintAndASecondRevokeIsNotFound()
    {
        var (manager, _) = await factory.ContosoAppsUserAsync(Roles.Manager);
        var contoso = await factory.ContosoAsync();
        var id = (await manager.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        var secret = await manager.CreateSecretAsync(contoso, id);
        var secretId = secret.GetProperty("id").GetGuid();
        var path = $"/api/v1/orgs/{contoso}/apps/{id}/secrets/{secretId}";

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync(path, Ct)).StatusCode);

        Assert.Empty(await factory.SecretsAsync(id));
        var audit = Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppSecretRevoked));
        Assert.Contains($"\"hint\":\"{secret.GetProperty("hint").GetString()}\"", audit.Details!, StringComparison.Ordinal);
        var before = await factory.AppStateAsync();
        await (await manager.DeleteAsync(path, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.SecretNotFound);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task RevokeSecret_OfAnotherAppOfTheSameOrganization_IsNotFound()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var first = (await devon.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        var second = (await devon.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        var secretId = (await devon.CreateSecretAsync(contoso, first)).GetProperty("id").GetGuid();

        await (await devon.DeleteAsync($"/api/v1/orgs/{contoso}/apps/{second}/secrets/{secretId}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.SecretNotFound);

        Assert.Single(await factory.SecretsAsync(first));
    }

    [Fact]
    public async Task AppOfAnotherOrganization_Answers404ForEveryRouteAndNothingChanges()
    {
        var (other, otherOrg) = await factory.OtherOrganizationUserAsync(Roles.Owner);
        var created = await other.CreateAppAsync(otherOrg, Body("Only at the other organization " + Guid.NewGuid().ToString("N")[..6]));
        var foreign = created.GetProperty("id").GetGuid();
        var foreignSecret = (await other.CreateSecretAsync(otherOrg, foreign)).GetProperty("id").GetGuid();
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var path = $"/api/v1/orgs/{contoso}/apps/{foreign}";
        var before = await factory.AppStateAsync();

        await (await devon.GetAsync(path, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.PutAsJsonAsync(path, Body(), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.DeleteAsync(path, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.PostAsync(path + "/disable", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.PostAsync(path + "/enable", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.GetAsync(path + "/secrets", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.PostAsJsonAsync(path + "/secrets", new { expiresInDays = 30 }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.DeleteAsync($"{path}/secrets/{foreignSecret}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, AppErrors.AppNotFound);
        await (await devon.GetAsync($"/api/v1/orgs/{otherOrg}/apps/{foreign}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(created.GetProperty("displayName").GetString()!, Names(await (await devon.GetAsync($"/api/v1/orgs/{contoso}/apps", Ct)).JsonAsync()));

        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task DemoData_ContosoHasTwoAppsByDevonOneWithASecretExpiringIn20Days()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        var apps = (await (await devon.GetAsync($"/api/v1/orgs/{contoso}/apps", Ct)).JsonAsync()).GetProperty("apps").EnumerateArray()
            .Where(a => a.GetProperty("createdBy").GetString() == "Devon Park")
            .ToDictionary(a => a.GetProperty("displayName").GetString()!);

        Assert.Equal("Web", apps[AppDemoData.WebApp].GetProperty("platform").GetString());
        Assert.Equal("Desktop", apps[AppDemoData.DesktopApp].GetProperty("platform").GetString());
        var secrets = (await (await devon.GetAsync($"/api/v1/orgs/{contoso}/apps/{apps[AppDemoData.WebApp].GetProperty("id").GetGuid()}/secrets", Ct)).JsonAsync())
            .GetProperty("secrets").EnumerateArray().ToList();
        var secret = Assert.Single(secrets);
        Assert.Equal(AppDemoData.SecretDescription, secret.GetProperty("description").GetString());
        Assert.False(secret.GetProperty("expired").GetBoolean());
        var left = secret.GetProperty("expiresAt").GetDateTime().ToUniversalTime() - factory.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(left.TotalDays, AppDemoData.SecretDaysLeft - 1, AppDemoData.SecretDaysLeft);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheAppRoutes()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps", out var list));
        Assert.True(list.TryGetProperty("get", out _) && list.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps/{id}", out var one));
        Assert.True(one.TryGetProperty("get", out _) && one.TryGetProperty("put", out _) && one.TryGetProperty("delete", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps/{id}/disable", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps/{id}/enable", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps/{id}/secrets", out var secrets));
        Assert.True(secrets.TryGetProperty("get", out _) && secrets.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/apps/{id}/secrets/{secretId}", out var secret));
        Assert.True(secret.TryGetProperty("delete", out _));
    }
}
