using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Relationships;

/// <summary>The relationship pages and acting on behalf through the customer's own User management pages.</summary>
public sealed partial class RelationshipPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, bool mfa = true)
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        await client.SignInAsync(email, DemoData.Password);
        if (mfa)
        {
            await factory.MarkMfaAsync(email);
        }

        return client;
    }

    [Fact]
    public async Task CustomerUsersPage_ForAgent_ShowsTheBanner_AndResetsANonAdminOnTheSamePage()
    {
        var fabrikam = await factory.FabrikamAsync();
        var jun = await factory.AccountAsync(Jun);
        var hana = await SignedInAsync(Hana);

        var list = await hana.GetAsync($"/Orgs/{fabrikam}/Users");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("Acting on behalf of Fabrikam Reseller 株式会社.", hana.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Orgs/{fabrikam}/Users/Edit/{jun.Id}\"", hana.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain($"/Orgs/{fabrikam}/Users/Add", hana.LastHtml, StringComparison.Ordinal);

        var edit = $"/Orgs/{fabrikam}/Users/Edit/{jun.Id}";
        await hana.GetAsync(edit);
        Assert.Contains($"action=\"/Orgs/{fabrikam}/Users/Edit/{jun.Id}?handler=ResetPassword\"", hana.LastHtml, StringComparison.Ordinal);
        var reset = await hana.PostFormAsync(edit, [], edit + "?handler=ResetPassword");

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Matches(SecretPattern(), hana.LastHtml);
        var rows = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.PasswordResetByAdmin && e.TargetAccountId == jun.Id).ToListAsync(Ct));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task CustomerUsersPage_WithoutRelationshipRole_IsDeniedWithTheRelationshipExplained()
    {
        var contoso = await factory.ContosoAsync();
        var hana = await SignedInAsync(Hana);

        var denied = await hana.GetAsync($"/Orgs/{contoso}/Users");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        await hana.GetAsync(denied.Headers.Location!.OriginalString);
        Assert.Contains("Access to another organization can come only from an active delegated-admin relationship", hana.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerPage_ShowsWhatIsAsked_AndApproves()
    {
        var contoso = await factory.ContosoAsync();
        var alex = await factory.ClientAsync(Alex);
        var requested = await alex.RequestAsync(contoso, await factory.FabrikamAsync(), [DelegableRoles.HelpdeskAdministrator], 45, name: "Contoso helpdesk");
        var id = requested.GetProperty("id").GetGuid();
        var fumi = await SignedInAsync(Fumi, mfa: false);

        await fumi.GetAsync("/Relationships/Partner");
        Assert.Contains("Contoso helpdesk", fumi.LastHtml, StringComparison.Ordinal);
        Assert.Contains("ヘルプデスク管理者", fumi.LastHtml, StringComparison.Ordinal);
        Assert.Contains("45", fumi.LastHtml, StringComparison.Ordinal);
        var approved = await fumi.PostFormAsync("/Relationships/Partner", [], $"/Relationships/Partner?id={id}&handler=Approve");

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("Active", await factory.WithDbAsync(db => db.DelegatedAdminRelationships.Where(r => r.Id == id).Select(r => r.Status.ToString()).SingleAsync(Ct)));
    }

    [Fact]
    public async Task AdminAndCustomersPages_ListTheRelationship_AndTheMenuLinksThem()
    {
        var nora = await SignedInAsync(Nora);

        await nora.GetAsync("/Customers");
        Assert.Contains("Fabrikam Reseller 株式会社", nora.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Relationships/Admin\"", nora.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Relationships/Partner\"", nora.LastHtml, StringComparison.Ordinal);

        await nora.GetAsync("/Relationships/Admin");
        Assert.Contains(DemoData.RelationshipName, nora.LastHtml, StringComparison.Ordinal);
        Assert.Contains("佐藤 健", nora.LastHtml, StringComparison.Ordinal);

        var ken = await SignedInAsync(Ken);
        await ken.GetAsync("/Customers");
        Assert.Contains($"href=\"/Orgs/{await factory.FabrikamAsync()}/Users\"", ken.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_ByPartnerIdOnCustomersPage_AndAcceptOnPartnerPage()
    {
        var contoso = await factory.ContosoAsync();
        var fabrikamPartnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == "Fabrikam Reseller 株式会社").Select(o => o.PartnerId).SingleAsync(Ct));
        var alex = await SignedInAsync(Alex);

        var bad = await alex.PostFormAsync("/Customers", [new("PartnerId", "123")], "/Customers?handler=Invite");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("error-summary", alex.LastHtml, StringComparison.Ordinal);

        var sent = await alex.PostFormAsync("/Customers", [new("PartnerId", fabrikamPartnerId)], "/Customers?handler=Invite");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var id = await factory.WithDbAsync(db => db.ResellerRelationships.Where(r => r.ProviderOrganizationId == contoso).Select(r => r.Id).SingleAsync(Ct));
        Assert.Contains(factory.Outbox.To(Fumi), m => m.TextBody!.Contains("/Relationships/Partner", StringComparison.Ordinal));

        var fumi = await SignedInAsync(Fumi, mfa: false);
        var accepted = await fumi.PostFormAsync("/Relationships/Partner", [], $"/Relationships/Partner?id={id}&handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("Active", await factory.WithDbAsync(db => db.ResellerRelationships.Where(r => r.Id == id).Select(r => r.Status.ToString()).SingleAsync(Ct)));
        Assert.Equal(2, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.ResellerRelationshipAccepted && e.Details!.Contains(id.ToString()), Ct)));
    }

    [Fact]
    public async Task CustomerAuditLogPage_OpensOnlyWithGlobalAdministrator()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var nora = await portal.ClientAsync(Nora);
        var id = (await nora.RequestAsync(northwind, fabrikam, [DelegableRoles.GlobalAdministrator], 7)).GetProperty("id").GetGuid();
        var fumi = await portal.ClientAsync(Fumi);
        Assert.Equal(HttpStatusCode.OK, (await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct)).StatusCode);
        var page = new PageClient(portal);
        await page.SignInAsync(Ken, DemoData.Password);
        await portal.MarkMfaAsync(Ken);

        var before = await page.GetAsync($"/Orgs/{fabrikam}/AuditLog");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);

        var kenId = (await portal.AccountAsync(Ken)).Id;
        var assign = await nora.PutAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships/{id}/assignments",
            new { accountId = kenId, roles = new[] { DelegableRoles.GlobalAdministrator } }, Ct);
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        var after = await page.GetAsync($"/Orgs/{fabrikam}/AuditLog");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("委任管理リレーションシップの承認", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Fabrikam Reseller 株式会社 の代理で操作しています。", page.LastHtml, StringComparison.Ordinal);
    }

    [GeneratedRegex("<code class=\"secret\">[^<]{8,}</code>")]
    private static partial Regex SecretPattern();
}
