using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Relationships;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Relationships;

/// <summary>
/// Ending a reseller relationship (SPEC §7): the provider withdraws a pending invitation; either side's Global admin
/// ends an active relationship, and the delegated-admin relationships between the two organizations end with it.
/// </summary>
public sealed class ResellerEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<Guid> DemoResellerIdAsync(PortalFactory portal, Guid provider) =>
        portal.WithDbAsync(db => db.ResellerRelationships.Where(r => r.ProviderOrganizationId == provider).Select(r => r.Id).SingleAsync(Ct));

    [Fact]
    public async Task End_ByProviderGlobalAdmin_EndsDelegatedAdminToo_AgentsLoseAccess_BothSidesAreToldAndAudited()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var id = await DemoResellerIdAsync(portal, northwind);
        var delegatedId = await portal.DemoRelationshipIdAsync();
        var ken = await portal.ClientAsync(Ken);
        Assert.Equal(HttpStatusCode.OK, (await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct)).StatusCode);
        var nora = await portal.ClientAsync(Nora);

        var ended = await nora.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{id}/end", null, Ct);

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var body = await ended.JsonAsync();
        Assert.Equal("Ended", body.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, body.GetProperty("endedAt").ValueKind);
        var noraId = (await portal.AccountAsync(Nora)).Id;
        var row = await portal.WithDbAsync(db => db.ResellerRelationships.SingleAsync(r => r.Id == id, Ct));
        Assert.Equal((ResellerRelationshipStatus.Ended, noraId, northwind), (row.Status, row.EndedByAccountId, row.EndedByOrganizationId));
        var delegated = await portal.WithDbAsync(db => db.DelegatedAdminRelationships.SingleAsync(r => r.Id == delegatedId, Ct));
        Assert.Equal(DelegatedAdminRelationshipStatus.Terminated, delegated.Status);

        // The agent's access ends with the next request.
        Assert.Equal(HttpStatusCode.Forbidden, (await ken.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct)).StatusCode);

        var audit = await portal.WithDbAsync(db => db.AuditEvents
            .Where(e => e.Type == AuditEventType.ResellerRelationshipEnded || e.Type == AuditEventType.DelegatedAdminTerminated)
            .Select(e => new { e.Type, e.Chain, e.ActorAccountId, e.Details }).ToListAsync(Ct));
        Assert.Equal(
            new[] { AuditChain.ChainFor(fabrikam), AuditChain.ChainFor(northwind) }.Order(StringComparer.Ordinal),
            audit.Where(e => e.Type == AuditEventType.ResellerRelationshipEnded).Select(e => e.Chain).Order(StringComparer.Ordinal));
        Assert.Equal(2, audit.Count(e => e.Type == AuditEventType.DelegatedAdminTerminated && e.Details!.Contains(delegatedId.ToString(), StringComparison.Ordinal)));
        Assert.All(audit, e => Assert.Equal(noraId, e.ActorAccountId));

        Assert.Contains(portal.Outbox.To(Fumi), m => m.Subject!.Contains("の再販業者リレーションシップが終了しました", StringComparison.Ordinal));
        Assert.Contains(portal.Outbox.To(Nora), m => m.Subject == "The reseller relationship between Northwind Distribution and Fabrikam Reseller 株式会社 has ended");

        // The customer list shows the end; a new invitation starts a new relationship.
        var customers = await (await nora.GetAsync($"/api/v1/orgs/{northwind}/customers", Ct)).JsonAsync();
        Assert.Equal("Ended", customers.EnumerateArray().Single().GetProperty("relationship").GetProperty("status").GetString());
        var partnerId = await portal.WithDbAsync(db => db.Organizations.Where(o => o.Id == fabrikam).Select(o => o.PartnerId).SingleAsync(Ct));
        var again = await nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/reseller-relationships", new { partnerId }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task End_ByResellerGlobalAdmin_EndsIt_FromTheResellerSide()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var id = await DemoResellerIdAsync(portal, northwind);
        var fumi = await portal.ClientAsync(Fumi);

        var ended = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships/{id}/end", null, Ct);

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal("reseller", (await ended.JsonAsync()).GetProperty("side").GetString());
        var row = await portal.WithDbAsync(db => db.ResellerRelationships.SingleAsync(r => r.Id == id, Ct));
        Assert.Equal((ResellerRelationshipStatus.Ended, fabrikam), (row.Status, row.EndedByOrganizationId));
        Assert.Equal(DelegatedAdminRelationshipStatus.Terminated,
            await portal.WithDbAsync(db => db.DelegatedAdminRelationships.Where(r => r.DisplayName == DemoData.RelationshipName).Select(r => r.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task End_ByAgent_ByAnotherOrganization_OrTwice_IsRefused_AndChangesNothing()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var contoso = await portal.ContosoAsync();
        var id = await DemoResellerIdAsync(portal, northwind);
        var ken = await portal.ClientAsync(Ken);
        var alex = await portal.ClientAsync(Alex);
        var before = await portal.StateAsync();

        await (await ken.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{id}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "global_admin_required");
        await (await alex.PostAsync($"/api/v1/orgs/{contoso}/reseller-relationships/{id}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.NotFound, "relationship_not_found");
        Assert.Equal(HttpStatusCode.Forbidden, (await alex.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{id}/end", null, Ct)).StatusCode);
        await (await ken.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{Guid.NewGuid()}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.NotFound, "relationship_not_found");
        Assert.Equal(before, await portal.StateAsync());

        var nora = await portal.ClientAsync(Nora);
        Assert.Equal(HttpStatusCode.OK, (await nora.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{id}/end", null, Ct)).StatusCode);
        var fumi = await portal.ClientAsync(Fumi);
        var ended = await portal.StateAsync();
        await (await nora.PostAsync($"/api/v1/orgs/{northwind}/reseller-relationships/{id}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "relationship_ended");
        await (await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships/{id}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "relationship_ended");
        Assert.Equal(ended, await portal.StateAsync());
    }

    [Fact]
    public async Task Withdraw_PendingInvitation_ByProvider_CannotThenBeAccepted_AndTheInvitedSideCannotEndIt()
    {
        await using var portal = new DemoPortalFactory();
        var contoso = await portal.ContosoAsync();
        var fabrikam = await portal.FabrikamAsync();
        var partnerId = await portal.WithDbAsync(db => db.Organizations.Where(o => o.Id == fabrikam).Select(o => o.PartnerId).SingleAsync(Ct));
        var alex = await portal.ClientAsync(Alex);
        var fumi = await portal.ClientAsync(Fumi);
        var invited = await (await alex.PostAsJsonAsync($"/api/v1/orgs/{contoso}/reseller-relationships", new { partnerId }, Ct)).JsonAsync();
        var id = invited.GetProperty("id").GetGuid();

        await (await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships/{id}/end", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "relationship_not_active");
        var withdrawn = await alex.PostAsync($"/api/v1/orgs/{contoso}/reseller-relationships/{id}/end", null, Ct);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Withdrawn", (await withdrawn.JsonAsync()).GetProperty("status").GetString());
        await (await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships/{id}/accept", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "relationship_not_pending");
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.ResellerRelationshipWithdrawn && e.Details!.Contains(id.ToString()), Ct)));
        Assert.Contains(portal.Outbox.To(Fumi), m => m.Subject!.Contains("への再販業者リレーションシップの招待を取り消しました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomersPage_EndsOnlyWithTheBoxTicked_AndPartnerPageEndsFromTheOtherSide()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var id = await DemoResellerIdAsync(portal, northwind);
        var nora = new PageClient(portal);
        nora.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");
        await nora.SignInAsync(Nora, DemoData.Password);
        await portal.MarkMfaAsync(Nora);

        await nora.GetAsync("/Customers");
        Assert.Contains("aria-label=\"End the relationship with Fabrikam Reseller 株式会社\"", nora.LastHtml, StringComparison.Ordinal);
        Assert.Contains("delegated-admin relationships with Fabrikam Reseller 株式会社 (1) end too", nora.LastHtml, StringComparison.Ordinal);
        var unconfirmed = await nora.PostFormAsync("/Customers", [], $"/Customers?id={id}&handler=EndReseller");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        await nora.GetAsync("/Customers");
        Assert.Contains("Tick the box to confirm ending the relationship. Nothing was changed.", nora.LastHtml, StringComparison.Ordinal);
        Assert.Equal(ResellerRelationshipStatus.Active, await portal.WithDbAsync(db => db.ResellerRelationships.Where(r => r.Id == id).Select(r => r.Status).SingleAsync(Ct)));

        await nora.PostFormAsync("/Customers", [new("confirm", "true")], $"/Customers?id={id}&handler=EndReseller");
        await nora.GetAsync("/Customers");

        Assert.Contains("The reseller relationship with Fabrikam Reseller 株式会社 has ended.", nora.LastHtml, StringComparison.Ordinal);
        Assert.Equal(ResellerRelationshipStatus.Ended, await portal.WithDbAsync(db => db.ResellerRelationships.Where(r => r.Id == id).Select(r => r.Status).SingleAsync(Ct)));

        // The reseller side: a new, accepted relationship with Contoso, ended on the Partner page.
        var contoso = await portal.ContosoAsync();
        var fabrikam = await portal.FabrikamAsync();
        var partnerId = await portal.WithDbAsync(db => db.Organizations.Where(o => o.Id == fabrikam).Select(o => o.PartnerId).SingleAsync(Ct));
        var alex = await portal.ClientAsync(Alex);
        var second = (await (await alex.PostAsJsonAsync($"/api/v1/orgs/{contoso}/reseller-relationships", new { partnerId }, Ct)).JsonAsync()).GetProperty("id").GetGuid();
        var fumiApi = await portal.ClientAsync(Fumi);
        Assert.Equal(HttpStatusCode.OK, (await fumiApi.PostAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships/{second}/accept", null, Ct)).StatusCode);
        var fumi = new PageClient(portal);
        fumi.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");
        await fumi.SignInAsync(Fumi, DemoData.Password);

        await fumi.GetAsync("/Relationships/Partner");
        Assert.Contains("Contoso Cloud Solutions とのリレーションシップを終了", fumi.LastHtml, StringComparison.Ordinal);
        await fumi.PostFormAsync("/Relationships/Partner", [new("confirm", "true")], $"/Relationships/Partner?id={second}&handler=EndReseller");
        await fumi.GetAsync("/Relationships/Partner");

        Assert.Contains("Contoso Cloud Solutions との再販業者リレーションシップを終了しました。", fumi.LastHtml, StringComparison.Ordinal);
        Assert.Equal(ResellerRelationshipStatus.Ended, await portal.WithDbAsync(db => db.ResellerRelationships.Where(r => r.Id == second).Select(r => r.Status).SingleAsync(Ct)));
    }
}
