using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.Apps;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using static Portico.Tests.Apps.AppsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Apps;

/// <summary>
/// Races on app registrations: another request saves between this one's checks and its write. The secret limit holds,
/// a duplicate name is still <c>app_name_taken</c>, and any other refused write is a server error, never a name clash.
/// </summary>
public sealed class AppRacesTests(RacingPortalFactory factory) : IClassFixture<RacingPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The other request: the app service in a scope of its own, acting as a Contoso member.</summary>
    private async Task<AppResult> OtherRequestAsync(Func<AppRegistrationService, ClaimsPrincipal, Task<AppResult>> call)
    {
        var contoso = await factory.ContosoAsync();
        var devon = await factory.AccountAsync(Devon);
        var actor = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PorticoClaims.AccountId, devon.Id.ToString()), new Claim(PorticoClaims.OrganizationId, contoso.ToString())], "test"));
        await using var scope = factory.Scope();
        return await call(scope.ServiceProvider.GetRequiredService<AppRegistrationService>(), actor);
    }

    private static bool Adds<T>(DbContext context, Func<T, bool> match)
        where T : class =>
        context.ChangeTracker.Entries<T>().Any(e => e.State == EntityState.Added && match(e.Entity));

    [Fact]
    public async Task CreateSecret_TwoConcurrentAddsAtFourSecrets_OneWinsTheOtherConflictsAndNeverSix()
    {
        var (client, _) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var appId = (await client.CreateAppAsync(contoso)).GetProperty("id").GetGuid();
        for (var i = 0; i < AppRegistrationService.MaxActiveSecrets - 1; i++)
        {
            await client.CreateSecretAsync(contoso, appId);
        }

        AppResult? other = null;
        factory.Race.Before(
            context => Adds<AppSecret>(context, s => s.AppRegistrationId == appId),
            async () => other = await OtherRequestAsync((service, actor) => service.CreateSecretAsync(contoso, appId, actor, "Other pipeline", 90, Ct)));

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{appId}/secrets", new { description = "CI pipeline", expiresInDays = 90 }, Ct);

        Assert.True(factory.Race.Ran);
        Assert.Equal((int)HttpStatusCode.Created, other!.Status);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.Changed);
        var secrets = await factory.SecretsAsync(appId);
        Assert.Equal(AppRegistrationService.MaxActiveSecrets, secrets.Count);
        Assert.Contains(secrets, s => s.Description == "Other pipeline");
        Assert.Equal(AppRegistrationService.MaxActiveSecrets, (await factory.AppAuditAsync(appId, AuditEventType.AppSecretCreated)).Count);
        await (await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{appId}/secrets", new { description = "Again", expiresInDays = 90 }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.SecretLimitReached);
    }

    [Fact]
    public async Task CreateSecret_MovesTheAppsVersion()
    {
        var (client, _) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var created = await client.CreateAppAsync(contoso);
        var appId = created.GetProperty("id").GetGuid();

        await client.CreateSecretAsync(contoso, appId);

        Assert.NotEqual(created.GetProperty("version").GetGuid(), (await factory.AppAsync(appId))!.Version);
    }

    [Fact]
    public async Task Create_SameNameSavedBetweenCheckAndWrite_Answers409NameTakenAndWritesNothing()
    {
        var (client, _) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var name = "Race " + Guid.NewGuid().ToString("N")[..8];
        var created = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.AppCreated, Ct));
        AppResult? other = null;
        factory.Race.Before(
            context => Adds<AppRegistration>(context, a => a.DisplayName == name),
            async () => other = await OtherRequestAsync((service, actor) =>
                service.CreateAsync(contoso, actor, new AppInput(name.ToUpperInvariant(), "", "Web", []), Ct)));

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(name), Ct);

        Assert.True(factory.Race.Ran);
        Assert.Equal((int)HttpStatusCode.Created, other!.Status);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.NameTaken);
        var normalized = AppRegistration.Normalize(name);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AppRegistrations.CountAsync(a => a.OrganizationId == contoso && a.NormalizedDisplayName == normalized, Ct)));
        Assert.Single(await factory.AppAuditAsync(other.App!.Id, AuditEventType.AppCreated));
        Assert.Equal(created + 1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.AppCreated, Ct)));
    }

    [Fact]
    public async Task Update_RenameToANameSavedBetweenCheckAndWrite_Answers409NameTakenAndKeepsTheApp()
    {
        var (client, _) = await factory.ContosoAppsUserAsync(Roles.Manager);
        var contoso = await factory.ContosoAsync();
        var app = await client.CreateAppAsync(contoso);
        var appId = app.GetProperty("id").GetGuid();
        var name = "Renamed " + Guid.NewGuid().ToString("N")[..8];
        factory.Race.Before(
            context => context.ChangeTracker.Entries<AppRegistration>().Any(e => e.State == EntityState.Modified && e.Entity.Id == appId),
            () => OtherRequestAsync((service, actor) => service.CreateAsync(contoso, actor, new AppInput(name, "", "Desktop", []), Ct)));
        var before = await factory.AppAsync(appId);

        var response = await client.PutAsJsonAsync($"/api/v1/orgs/{contoso}/apps/{appId}", Body(name), Ct);

        Assert.True(factory.Race.Ran);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.NameTaken);
        var after = await factory.AppAsync(appId);
        Assert.Equal((before!.DisplayName, before.Version), (after!.DisplayName, after.Version));
        Assert.Empty(await factory.AppAuditAsync(appId, AuditEventType.AppUpdated));
    }

    [Fact]
    public async Task Create_ClientIdTakenBetweenCheckAndWrite_IsAServerErrorNotANameClash()
    {
        var (client, _) = await factory.ContosoAppsUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var name = "Clash " + Guid.NewGuid().ToString("N")[..8];
        var clientId = Guid.Empty;
        factory.Race.Before(
            context =>
            {
                var pending = context.ChangeTracker.Entries<AppRegistration>().SingleOrDefault(e => e.State == EntityState.Added && e.Entity.DisplayName == name);
                clientId = pending?.Entity.ClientId ?? Guid.Empty;
                return pending is not null;
            },
            () => factory.WithDbAsync(db =>
            {
                // Note: another row takes the same client id under another name: the ClientId index refuses the save, not the name index.
                db.AppRegistrations.Add(new AppRegistration
                {
                    OrganizationId = contoso, DisplayName = name + " other", NormalizedDisplayName = AppRegistration.Normalize(name + " other"),
                    ClientId = clientId, Status = AppStatus.Active, CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
                });
                return db.SaveChangesAsync(Ct);
            }));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(Ct));

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(name), Ct);

        Assert.True(factory.Race.Ran);
        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, ErrorCodes.InternalError);
        var normalized = AppRegistration.Normalize(name);
        Assert.False(await factory.WithDbAsync(db => db.AppRegistrations.AnyAsync(a => a.NormalizedDisplayName == normalized, Ct)));
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(Ct)));
    }
}
