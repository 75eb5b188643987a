using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Apps;
using Portico.Web.Features.AuditLog;
using static Portico.Tests.Apps.AppsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Apps;

/// <summary>The App registrations pages: the menu entry, the list, a new registration, the redirect URI editor, secrets shown once, disable, delete.</summary>
public sealed partial class AppPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private async Task<PageClient> SignedInAsync(string email, string password = DemoData.Password)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, password);
        return client;
    }

    private async Task<PageClient> ContosoPageUserAsync(params string[] roles)
    {
        var account = await factory.AWorkAccountAsync(await factory.ContosoAsync(), Builders.UniqueEmail("apps", "contoso.example"), displayName: "Page " + string.Join("+", roles), roles: roles);
        return await SignedInAsync(account.Email!, Builders.GoodPassword);
    }

    private async Task<Guid> NewAppAsync()
    {
        var api = await factory.ClientAsync(Devon, mfa: false);
        return (await api.CreateAppAsync(await factory.ContosoAsync())).GetProperty("id").GetGuid();
    }

    private static Dictionary<string, string> Fields(string name, string platform = "Web", string redirectUris = "https://portal.contoso.example/signin\r\n\r\nhttp://localhost:5000/signin") => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Platform"] = platform,
        ["Input.RedirectUris"] = redirectUris,
        ["Input.Description"] = "Customer portal.",
    };

    [Fact]
    public async Task Menu_ShowsAppRegistrationsOnlyToRolesThatOpenIt()
    {
        var devon = await SignedInAsync(Devon);
        var marketer = await ContosoPageUserAsync(Roles.Marketer);

        await devon.GetAsync("/");
        await marketer.GetAsync("/");

        Assert.Contains("href=\"/Apps\"", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("App registrations", devon.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Apps\"", marketer.LastHtml, StringComparison.Ordinal);
        var denied = await marketer.GetAsync("/Apps");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("capability=apps", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AsDeveloper_ShowsDemoAppsWithClientIdsAndOverviewShowsTheExpiringSecret()
    {
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var web = (await factory.AppAsync(await factory.AppIdAsync(AppDemoData.WebApp)))!;

        var response = await developer.GetAsync("/Apps");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(AppDemoData.WebApp, developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains(AppDemoData.DesktopApp, developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains(web.ClientId.ToString(), developer.LastHtml, StringComparison.Ordinal);
        await developer.GetAsync("/Apps/" + web.Id);
        Assert.Contains(AppDemoData.SecretDescription, developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Expires in 20 days", developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains((await factory.SecretsAsync(web.Id))[0].Hint + "…", developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("https://dashboard.contoso.example/signin-oidc", developer.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Delete", developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Only an Owner or a Global admin can delete", developer.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewRegistration_ThroughTheForm_CreatesTheAppAndOpensIt()
    {
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var name = "Contoso Portal " + Guid.NewGuid().ToString("N")[..6];

        var response = await developer.PostFormAsync("/Apps", Fields(name));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await factory.AppIdAsync(name);
        Assert.Equal("/Apps/" + id, response.Headers.Location!.OriginalString);
        var app = (await factory.AppAsync(id))!;
        Assert.Equal(["https://portal.contoso.example/signin", "http://localhost:5000/signin"], app.RedirectUriList);
        Assert.Equal((AppPlatform.Web, AppStatus.Active, "Customer portal."), (app.Platform, app.Status, app.Description));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppCreated));
        await developer.GetAsync(response.Headers.Location.OriginalString);
        Assert.Contains($"{name} is registered.", developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains(app.ClientId.ToString(), developer.LastHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "https://ok.example/", "Display name: This field is required.")]
    [InlineData("Bad uri", "https://ok.example/\r\nhttp://insecure.example/cb", "Redirect URIs, line 2: Use https.")]
    [InlineData("Wildcard", "https://*.contoso.example/", "Redirect URIs, line 1: A redirect URI can")]
    [InlineData(AppDemoData.WebApp, "https://ok.example/", "Your organization already has an app with this display name.")]
    public async Task NewRegistration_Invalid_ShowsTheErrorAndWritesNothing(string name, string uris, string message)
    {
        var devon = await SignedInAsync(Devon);
        var before = await factory.AppStateAsync();

        var response = await devon.PostFormAsync("/Apps", Fields(name, redirectUris: uris));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, devon.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Edit_RedirectUrisThroughTheForm_SavesWithTheVersionAndAStaleFormIsRefused()
    {
        var id = await NewAppAsync();
        var manager = await ContosoPageUserAsync(Roles.Manager);
        var page = "/Apps/" + id;
        await manager.GetAsync(page);
        var version = VersionField().Match(manager.LastHtml).Groups[1].Value;
        var name = (await factory.AppAsync(id))!.DisplayName;

        var fields = Fields(name, "Desktop", "http://127.0.0.1\r\nhttps://login.contoso.example/desktop");
        fields["Version"] = version;
        var saved = await manager.PostFormAsync(page, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var app = (await factory.AppAsync(id))!;
        Assert.Equal((AppPlatform.Desktop, "http://127.0.0.1\nhttps://login.contoso.example/desktop"), (app.Platform, app.RedirectUris));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppUpdated));
        var before = await factory.AppStateAsync();
        var stale = await manager.PostFormAsync(page, Fields(name, "Mobile"), page);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone else changed this app registration.", manager.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task NewSecret_ThroughThePage_ShowsTheValueOnceThenOnlyItsHint()
    {
        var id = await NewAppAsync();
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var page = "/Apps/" + id;

        var response = await developer.PostFormAsync(page, [new("SecretDescription", "Staging"), new("SecretExpiresInDays", "90")], page + "?handler=Secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var value = SecretField().Match(developer.LastHtml);
        Assert.True(value.Success, "the new secret's value is on the page");
        Assert.Contains("It won", developer.LastHtml, StringComparison.Ordinal);
        var stored = Assert.Single(await factory.SecretsAsync(id));
        Assert.Equal(AppRegistrationService.HashSecret(value.Groups[1].Value), stored.Hash);
        Assert.Equal("Staging", stored.Description);
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppSecretCreated));

        await developer.GetAsync(page);
        Assert.DoesNotContain(value.Groups[1].Value, developer.LastHtml, StringComparison.Ordinal);
        Assert.Contains(stored.Hint + "…", developer.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewSecret_WithAnUnlistedLifetime_ShowsTheErrorAndWritesNothing()
    {
        var id = await NewAppAsync();
        var devon = await SignedInAsync(Devon);
        var page = "/Apps/" + id;
        var before = await factory.AppStateAsync();

        var response = await devon.PostFormAsync(page, [new("SecretExpiresInDays", "3650")], page + "?handler=Secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Expires: This value is not valid.", devon.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotMatch(SecretField(), devon.LastHtml);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task RevokeDisableAndEnable_ThroughThePage_AreAppliedAndAudited()
    {
        var id = await NewAppAsync();
        var api = await factory.ClientAsync(Devon, mfa: false);
        var secretId = (await api.CreateSecretAsync(await factory.ContosoAsync(), id)).GetProperty("id").GetGuid();
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var page = "/Apps/" + id;

        var revoked = await developer.PostFormAsync(page, [], $"{page}?handler=Revoke&secretId={secretId}");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Empty(await factory.SecretsAsync(id));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppSecretRevoked));

        await developer.GetAsync(page);
        var disabled = await developer.PostFormAsync(page, [new("Version", VersionField().Match(developer.LastHtml).Groups[1].Value)], page + "?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(AppStatus.Disabled, (await factory.AppAsync(id))!.Status);
        await developer.GetAsync(page);
        Assert.Contains("This app is disabled", developer.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Secret", developer.LastHtml, StringComparison.Ordinal);

        var enabled = await developer.PostFormAsync(page, [new("Version", VersionField().Match(developer.LastHtml).Groups[1].Value)], page + "?handler=Enable");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal(AppStatus.Active, (await factory.AppAsync(id))!.Status);
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppDisabled));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppEnabled));
    }

    [Fact]
    public async Task Delete_AsOwner_NeedsTheConfirmationThenDeletes()
    {
        var id = await NewAppAsync();
        var devon = await SignedInAsync(Devon);
        var page = "/Apps/" + id;
        await devon.GetAsync(page);
        Assert.Contains("handler=Delete", devon.LastHtml, StringComparison.Ordinal);
        var version = VersionField().Match(devon.LastHtml).Groups[1].Value;

        var unconfirmed = await devon.PostFormAsync(page, [new("Version", version)], page + "?handler=Delete");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Tick the box to confirm the deletion.", devon.LastHtml, StringComparison.Ordinal);
        Assert.NotNull(await factory.AppAsync(id));

        var deleted = await devon.PostFormAsync(page, [new("Version", version), new("ConfirmDelete", "true")], page + "?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/Apps", deleted.Headers.Location!.OriginalString);
        Assert.Null(await factory.AppAsync(id));
        Assert.Single(await factory.AppAuditAsync(id, AuditEventType.AppDeleted));
    }

    [Fact]
    public async Task Delete_PostedByAManager_DeletesNothing()
    {
        var id = await NewAppAsync();
        var manager = await ContosoPageUserAsync(Roles.Manager);
        var page = "/Apps/" + id;
        var before = await factory.AppStateAsync();

        var response = await manager.PostFormAsync(page, [new("ConfirmDelete", "true")], page + "?handler=Delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await factory.AppAsync(id));
        await manager.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Only an Owner or a Global admin can delete an app registration.", manager.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before.Apps, (await factory.AppStateAsync()).Apps);
        Assert.Empty(await factory.AppAuditAsync(id, AuditEventType.AppDeleted));
    }

    [Fact]
    public async Task Overview_AppOfAnotherOrganization_IsNotFound()
    {
        var (other, otherOrg) = await factory.OtherOrganizationUserAsync(Roles.Owner);
        var foreign = (await other.CreateAppAsync(otherOrg)).GetProperty("id").GetGuid();
        var devon = await SignedInAsync(Devon);
        var before = await factory.AppStateAsync();
        var own = "/Apps/" + await factory.AppIdAsync(AppDemoData.DesktopApp);

        Assert.Equal(HttpStatusCode.NotFound, (await devon.GetAsync("/Apps/" + foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await devon.PostFormAsync(own, Fields("Hijack"), "/Apps/" + foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await devon.PostFormAsync(own, [new("SecretExpiresInDays", "30")], $"/Apps/{foreign}?handler=Secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await devon.PostFormAsync(own, [new("ConfirmDelete", "true")], $"/Apps/{foreign}?handler=Delete")).StatusCode);
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task List_InJapanese_ShowsJapaneseLabels()
    {
        var devon = await SignedInAsync(Devon);
        devon.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        await devon.GetAsync("/Apps");

        Assert.Contains("アプリの登録", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("アプリケーション (クライアント) ID", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("新規登録", devon.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_EveryAppString_HasEnglishAndJapanese()
    {
        string[] fields = ["displayName", "description", "platform", "redirectUris"];
        var keys = AppErrors.All.Select(e => "Error." + e)
            .Concat(RedirectUriCodes.All.Select(c => "Validation." + c))
            .Concat(Enum.GetNames<AppPlatform>().SelectMany(n => new[] { "AppPlatform." + n, "AppPlatform." + n + ".Hint" }))
            .Concat(Enum.GetNames<AppStatus>().Select(n => "AppStatus." + n))
            .Concat(fields.Select(f => "Apps.Field." + f))
            .Concat(Enum.GetNames<AuditEventType>().Where(n => n.StartsWith("App", StringComparison.Ordinal)).Select(n => "AuditType." + n))
            .Concat(AppSecret.LifetimesInDays.Select(d => "Apps.Secret.Lifetime." + d.ToString(CultureInfo.InvariantCulture)))
            .Concat(new[] { "Nav.Apps" })
            .Concat(new[] { "Title", "Intro", "None", "ClientId", "Status", "Secrets", "Updated", "New", "NewIntro", "Register", "Created", "RedirectUriLine",
                "RedirectUrisHint", "BackToList", "DisabledNotice", "CreatedBy", "UpdatedBy", "FormerUser", "Saved", "Enabled", "Disabled", "Deleted", "Edit",
                "Save", "StatusSection", "DisableExplain", "EnableExplain", "Disable", "Enable", "Delete", "Delete.Explain", "Delete.Confirm",
                "Delete.ConfirmRequired", "Delete.NeedsRole", "Secret.Intro", "Secret.CopyNow", "Secret.Value", "Secret.CopyHint", "Secret.None",
                "Secret.Field.description", "Secret.Field.expiresInDays", "Secret.Hint", "Secret.Expires", "Secret.Expired", "Secret.Revoke",
                "Secret.RevokeNamed", "Secret.Revoked", "Secret.ExpiresSoon", "Secret.NoDescription", "Secret.New", "Secret.Add" }.Select(k => "Apps." + k))
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal(7, keys.Count(k => k.StartsWith("AuditType.App", StringComparison.Ordinal)));
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal(["AppPlatform.Web"], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("name=\"Version\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("id=\"new-secret\" value=\"(pco_[A-Za-z0-9_-]{43})\"")]
    private static partial Regex SecretField();
}
