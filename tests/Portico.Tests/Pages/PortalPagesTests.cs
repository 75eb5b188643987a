using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;

namespace Portico.Tests.Pages;

/// <summary>A portal with the demo organizations seeded, for the page tests.</summary>
public sealed class PagesPortalFactory : PortalFactory
{
    public PagesPortalFactory() => Settings["Portico:DemoData"] = "true";
}

public sealed partial class PortalPagesTests(PagesPortalFactory factory) : IClassFixture<PagesPortalFactory>
{
    private const string Admin = "alex.johnson@contoso.example";
    private const string UserAdmin = "mika.yamada@contoso.example";

    private async Task<PageClient> SignedInAsync(string email, string? password = null)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, password ?? DemoData.Password);
        return client;
    }

    [Theory]
    [InlineData("/SignIn/Help")]
    [InlineData("/SignUp")]
    [InlineData("/SignUp/Verify")]
    public async Task PublicPage_SignedOut_Renders(string url)
    {
        var client = new PageClient(factory);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_InJapanese_ShowsEverySection()
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        await client.GetAsync("/SignIn/Help");

        foreach (var id in new[] { "forgot-password", "missing-pages", "wrong-account", "no-account" })
        {
            Assert.Contains($"id=\"{id}\"", client.LastHtml, StringComparison.Ordinal);
        }

        Assert.Contains("パスワードを忘れた", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/SignUp\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_GlobalAdmin_ShowsOrganizationAuditLogAndMyAccount()
    {
        var client = await SignedInAsync(Admin);

        await client.GetAsync("/");

        Assert.Contains("href=\"/Organization\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/AuditLog\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Profile/Sessions\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_RoleWithoutAudit_HidesAuditLog()
    {
        var client = await SignedInAsync(UserAdmin);

        await client.GetAsync("/");

        Assert.Contains("href=\"/Organization\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Users\"", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/AuditLog\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_PersonalAccount_ShowsNoOrganizationPages()
    {
        const string email = "menu.personal@example.com";
        const string password = "lilac harbor sings every morning";
        await using (var scope = factory.Scope())
        {
            var service = scope.ServiceProvider.GetRequiredService<PersonalAccountService>();
            Assert.Empty(await service.StartAsync(email, password, "Menu Personal", "en-US", TestContext.Current.CancellationToken));
            var code = SixDigits().Match(factory.Outbox.LatestTo(email)!.TextBody ?? "").Value;
            Assert.NotNull(await service.VerifyAsync(email, code, TestContext.Current.CancellationToken));
        }

        var client = await SignedInAsync(email, password);
        await client.GetAsync("/");

        Assert.Contains("href=\"/Profile/Sessions\"", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Organization\"", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Users\"", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/AuditLog\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organization_AsMember_ShowsProfileProgramsAndLocations()
    {
        var client = await SignedInAsync(UserAdmin);

        var response = await client.GetAsync("/Organization");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Contoso Cloud Solutions", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Tokyo", client.LastHtml, StringComparison.Ordinal);
        Assert.Matches(new Regex("<code>\\d{7}</code>"), client.LastHtml);

        // Note: mika.yamada prefers Japanese, so program names come out localized.
        Assert.Contains("パートナー ネットワーク", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_WithoutAuditRole_RedirectsToAccessDeniedThatNamesRolesAndGrantors()
    {
        var client = await SignedInAsync(UserAdmin);

        var response = await client.GetAsync("/AuditLog");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/AccessDenied?returnUrl=%2FAuditLog", location, StringComparison.Ordinal);
        Assert.Contains("capability=audit", location, StringComparison.Ordinal);

        var denied = await client.GetAsync(location);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("class=\"check-failed\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("グローバル管理者", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Alex Johnson", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Lee", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessDenied_UnknownCapability_ShowsGenericAnswer()
    {
        var client = await SignedInAsync(UserAdmin);

        var response = await client.GetAsync("/AccessDenied?capability=nope&returnUrl=https%3A%2F%2Fevil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("check-failed", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://evil.example", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_MoreThanOnePage_PagesByKeysetAndFiltersByType()
    {
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            var orgId = await db.Organizations.Where(o => o.DisplayName == "Contoso Cloud Solutions").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);
            for (var i = 0; i < 60; i++)
            {
                audit.Record(AuditEventType.PreferredLanguageChanged, orgId, details: new { n = i });
            }

            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var client = await SignedInAsync(Admin);

        await client.GetAsync("/AuditLog");
        Assert.Equal(Web.Features.AuditLog.IndexModel.PageSize, RowCount(client.LastHtml));
        var older = OlderLink().Match(client.LastHtml);
        Assert.True(older.Success);

        await client.GetAsync(System.Net.WebUtility.HtmlDecode(older.Groups[1].Value));
        Assert.InRange(RowCount(client.LastHtml), 1, Web.Features.AuditLog.IndexModel.PageSize);
        Assert.Contains("{&quot;n&quot;:0}", client.LastHtml, StringComparison.Ordinal);

        await client.GetAsync("/AuditLog?type=SignInSucceeded");
        Assert.InRange(RowCount(client.LastHtml), 1, 50);
        Assert.DoesNotContain("{&quot;n&quot;:", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Alex Johnson", client.LastHtml, StringComparison.Ordinal);

        var bad = await client.GetAsync("/AuditLog?type=1&before=x");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
    }

    [Fact]
    public async Task Sessions_EndAnotherSession_EndsItAndRecordsSessionEnded()
    {
        var apiToken = await factory.CreateClient().SignInAsync("sam.lee@contoso.example", DemoData.Password);
        var client = await SignedInAsync("sam.lee@contoso.example");
        await client.GetAsync("/Profile/Sessions");
        var ids = SessionIds().Matches(client.LastHtml).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Contains("badge", client.LastHtml, StringComparison.Ordinal);
        Guid apiSession;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var hash = SessionService.HashToken(apiToken);
            apiSession = await db.Sessions.Where(s => s.TokenHash == hash).Select(s => s.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var response = await client.PostFormAsync("/Profile/Sessions", [new("sessionId", apiSession.ToString())], "/Profile/Sessions?handler=End");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var me = await factory.CreateClient().WithToken(apiToken).GetAsync("/api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ended = await db.AuditEvents.Where(e => e.Type == AuditEventType.SessionEnded).Select(e => e.Details).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Contains(ended, d => d != null && d.Contains(apiSession.ToString(), StringComparison.Ordinal));
        }

        var still = await client.GetAsync("/Profile/Sessions");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Sessions_EndCurrentSession_SignsOut()
    {
        var client = await SignedInAsync("devon.park@contoso.example");
        await client.GetAsync("/Profile/Sessions");
        var current = SessionIds().Match(client.LastHtml).Groups[1].Value;

        var response = await client.PostFormAsync("/Profile/Sessions", [new("sessionId", current)], "/Profile/Sessions?handler=End");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/SignIn", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await client.GetAsync("/Profile/Sessions");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/SignIn", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_EndSomeoneElsesSession_EndsNothing()
    {
        var victimToken = await factory.CreateClient().SignInAsync("hana.helpdesk@northwind.example", DemoData.Password);
        Guid victimSession;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var hash = SessionService.HashToken(victimToken);
            victimSession = await db.Sessions.Where(s => s.TokenHash == hash).Select(s => s.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        var client = await SignedInAsync("ken.sato@northwind.example");
        await client.PostFormAsync("/Profile/Sessions", [new("sessionId", victimSession.ToString())], "/Profile/Sessions?handler=End");

        var me = await factory.CreateClient().WithToken(victimToken).GetAsync("/api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task SignUp_WeakPassword_ShowsEachRuleAndSendsNothing()
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var response = await client.PostFormAsync("/SignUp",
            [new("Input.DisplayName", "Weak Example"), new("Input.Email", "weak@example.com"), new("Input.Password", "password")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"alert\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("too short", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("too common", client.LastHtml, StringComparison.Ordinal);
        Assert.Empty(factory.Outbox.To("weak@example.com"));
    }

    [Fact]
    public async Task SignUp_TakenAndFreeEmail_GetTheSameAnswer()
    {
        var taken = new PageClient(factory);
        var takenResponse = await taken.PostFormAsync("/SignUp",
            [new("Input.DisplayName", "Taylor"), new("Input.Email", DemoData.SharedEmail), new("Input.Password", "copper kettle whistles at dawn")]);
        var free = new PageClient(factory);
        var freeResponse = await free.PostFormAsync("/SignUp",
            [new("Input.DisplayName", "Quinn"), new("Input.Email", "quinn@example.com"), new("Input.Password", "copper kettle whistles at dawn")]);

        Assert.Equal(HttpStatusCode.Redirect, takenResponse.StatusCode);
        Assert.Equal(freeResponse.StatusCode, takenResponse.StatusCode);
        Assert.Equal(freeResponse.Headers.Location, takenResponse.Headers.Location);
    }

    [Fact]
    public async Task SignUp_VerifyWithEmailedCode_CreatesPersonalAccountThatCanSignIn()
    {
        const string email = "river@example.com";
        const string password = "amber meadow drifts slowly north";
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        var start = await client.PostFormAsync("/SignUp", [new("Input.DisplayName", "River Example"), new("Input.Email", email), new("Input.Password", password)]);
        Assert.Equal("/SignUp/Verify", start.Headers.Location!.OriginalString);

        await client.GetAsync("/SignUp/Verify");
        Assert.Contains("value=\"" + email + "\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("6-digit code", client.LastHtml, StringComparison.Ordinal);

        var wrong = await client.PostFormAsync("/SignUp/Verify", [new("Input.Email", email), new("Input.Code", "not-it")]);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The code is not valid or has expired.", client.LastHtml, StringComparison.Ordinal);

        var code = SixDigits().Match(factory.Outbox.LatestTo(email)!.TextBody ?? "").Value;
        var right = await client.PostFormAsync("/SignUp/Verify", [new("Input.Email", email), new("Input.Code", code)]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await client.GetAsync("/SignUp/Verify");
        Assert.Contains("href=\"/SignIn\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("role=\"status\"", client.LastHtml, StringComparison.Ordinal);

        var signedIn = new PageClient(factory);
        await signedIn.SignInAsync(email, password);
        var organization = await signedIn.GetAsync("/Organization");
        Assert.Equal(HttpStatusCode.Redirect, organization.StatusCode);
        Assert.Contains("capability=organization", organization.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_EveryCatalogEntryAndAuditType_HasEnglishAndJapanese()
    {
        var keys = AccessCatalog.RoleList.Concat(AccessCatalog.OperatorRoleList).Select(r => "Role." + r.Id)
            .Concat(AccessCatalog.CapabilityList.Concat(AccessCatalog.OperatorCapabilityList).Select(c => "Capability." + c.Id))
            .Concat(Programs.All.Select(p => "Program." + p))
            .Concat(Enum.GetNames<AuditEventType>().Select(n => "AuditType." + n))
            .Concat(Enum.GetNames<AccountKind>().Select(n => "AccountKind." + n))
            .Concat(Enum.GetNames<SessionClient>().Select(n => "SessionClient." + n))
            .Concat(Enum.GetNames<Web.Features.Organizations.PartnerType>().Select(n => "PartnerType." + n))
            .Concat(Enum.GetNames<Web.Features.Organizations.VerificationStatus>().Select(n => "VerificationStatus." + n))
            .Concat(typeof(AccessChecks).GetFields().Select(f => (string)f.GetValue(null)!)
                .SelectMany(c => new[] { $"Check.{c}.Passed", $"Check.{c}.Failed" }))
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
    }

    private static int RowCount(string html) => Regex.Count(html, "<th scope=\"row\">");

    [GeneratedRegex("href=\"(/AuditLog\\?before=[^\"]+)\"")]
    private static partial Regex OlderLink();

    [GeneratedRegex("name=\"sessionId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SessionIds();

    [GeneratedRegex("\\b\\d{6}\\b")]
    private static partial Regex SixDigits();
}
