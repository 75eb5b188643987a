using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using static Portico.Tests.Marketplace.MarketplaceTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Marketplace;

/// <summary>The offers API (SPEC §2–3): who sees and edits offers, publishing under offers.publish, tenant isolation, audit.</summary>
public sealed class OffersApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<string> Names(JsonElement list) =>
        list.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("name").GetString()!).ToList();

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Developer)]
    [InlineData(Roles.BusinessContributor)]
    [InlineData(Roles.Marketer)]
    [InlineData(Roles.GlobalAdmin)]
    public async Task List_AsEachRoleThatOpensOffers_ShowsEveryOfferOfTheOrganization(string role)
    {
        var (client, _) = await factory.ContosoUserAsync(role);
        var contoso = await factory.ContosoAsync();

        var response = await client.GetAsync($"/api/v1/orgs/{contoso}/offers", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = Names(await response.JsonAsync());
        Assert.Contains(OfferDemoData.PublishedOffer, names);
        Assert.Contains(OfferDemoData.DraftOffer, names);
        Assert.Contains(OfferDemoData.UnpublishedOffer, names);
    }

    [Theory]
    [InlineData(Roles.FinancialContributor)]
    [InlineData(Roles.ReferralsUser)]
    [InlineData(Roles.UserManagementAdmin)]
    public async Task List_AsRoleWithoutOffers_IsForbiddenWithExplanation(string role)
    {
        var (client, _) = await factory.ContosoUserAsync(role);
        var contoso = await factory.ContosoAsync();

        var problem = await (await client.GetAsync($"/api/v1/orgs/{contoso}/offers", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var failed = problem.GetProperty("explanation").GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToList();
        Assert.Equal("role", Assert.Single(failed).GetProperty("check").GetString());
    }

    [Fact]
    public async Task List_StatusFilter_ReturnsOnlyThatStatus()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        var published = Names(await (await devon.GetAsync($"/api/v1/orgs/{contoso}/offers?status=Published", Ct)).JsonAsync());

        Assert.Contains(OfferDemoData.PublishedOffer, published);
        Assert.DoesNotContain(OfferDemoData.DraftOffer, published);
        var bad = await (await devon.GetAsync($"/api/v1/orgs/{contoso}/offers?status=Live", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("status:invalid_value", bad.FieldErrors());
    }

    [Fact]
    public async Task Create_AsDeveloper_IsDraftAuditedAndReadable()
    {
        var (client, email) = await factory.ContosoUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers", Body("Fabrikam Field Service", price: 49.99m), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/orgs/{contoso}/offers/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Draft", created.GetProperty("status").GetString());
        Assert.Equal(49.99m, created.GetProperty("price").GetDecimal());
        Assert.Equal("Offers Developer", created.GetProperty("createdBy").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("publishedAt").ValueKind);
        var read = await (await client.GetAsync($"/api/v1/orgs/{contoso}/offers/{id}", Ct)).JsonAsync();
        Assert.Equal("Fabrikam Field Service", read.GetProperty("name").GetString());
        Assert.Equal("Schedules visits, tracks parts and\ncollects signatures on any device.", read.GetProperty("description").GetString());
        var audit = Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferCreated));
        Assert.Equal(contoso, audit.TargetOrganizationId);
        Assert.Equal((await factory.AccountAsync(email)).Id, audit.ActorAccountId);
    }

    [Fact]
    public async Task Create_FreeOffer_StoresNoPrice()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        var created = await devon.CreateOfferAsync(contoso, Body(pricingModel: "Free", price: null, currency: null, offerType: "AzureApplication"));

        Assert.Equal("Free", created.GetProperty("pricingModel").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("price").ValueKind);
        Assert.Equal("AzureApplication", created.GetProperty("offerType").GetString());
    }

    [Fact]
    public async Task Create_NameTakenInAnyCase_IsRefusedAndNothingWritten()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.OfferStateAsync();

        var response = await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers", Body(OfferDemoData.PublishedOffer.ToUpperInvariant()), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.NameTaken);
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Create_SameNameInAnotherOrganization_IsAllowed()
    {
        var (owner, orgId, _) = await factory.UnverifiedOrganizationUserAsync(Roles.Owner);

        var created = await owner.CreateOfferAsync(orgId, Body(OfferDemoData.PublishedOffer));

        Assert.Equal(OfferDemoData.PublishedOffer, created.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Update_PublishedOffer_StaysPublishedWithNewVersionAndAuditNamesChangedFields()
    {
        var (bc, _) = await factory.ContosoUserAsync(Roles.BusinessContributor);
        var contoso = await factory.ContosoAsync();
        var offer = await bc.CreateOfferAsync(contoso);
        var id = offer.GetProperty("id").GetGuid();
        var published = await (await bc.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers/{id}/publish", new { }, Ct)).JsonAsync();
        var (marketer, _) = await factory.ContosoUserAsync(Roles.Marketer);

        var response = await marketer.PutAsJsonAsync($"/api/v1/orgs/{contoso}/offers/{id}", new
        {
            name = offer.GetProperty("name").GetString(), offerType = "SaaS", summary = "Now with offline mode.",
            description = "Works without a connection.", pricingModel = "FlatMonthly", price = 99.00m, currency = "USD",
            version = published.GetProperty("version").GetGuid(),
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.JsonAsync();
        Assert.Equal("Published", updated.GetProperty("status").GetString());
        Assert.Equal("Now with offline mode.", updated.GetProperty("summary").GetString());
        Assert.Equal("Offers Marketer", updated.GetProperty("updatedBy").GetString());
        Assert.NotEqual(published.GetProperty("version").GetGuid(), updated.GetProperty("version").GetGuid());
        var audit = Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferUpdated));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(["summary", "description"], details.RootElement.GetProperty("changed").EnumerateArray().Select(c => c.GetString()).ToList());
    }

    [Fact]
    public async Task Update_WithStaleVersion_Answers409WithCurrentAndWritesNothing()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var offer = await devon.CreateOfferAsync(contoso);
        var id = offer.GetProperty("id").GetGuid();
        var stale = offer.GetProperty("version").GetGuid();
        var first = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/offers/{id}", Body(offer.GetProperty("name").GetString(), price: 10m), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await factory.OfferStateAsync();

        var second = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/offers/{id}", new
        {
            name = "Renamed", offerType = "SaaS", summary = "s", description = "d", pricingModel = "Free", version = stale,
        }, Ct);

        var problem = await second.AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.Changed);
        Assert.Equal(10m, problem.GetProperty("current").GetProperty("price").GetDecimal());
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Update_RenameToAnotherOffersName_IsRefused()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var offer = await devon.CreateOfferAsync(contoso);
        var before = await factory.OfferStateAsync();

        var response = await devon.PutAsJsonAsync($"/api/v1/orgs/{contoso}/offers/{offer.GetProperty("id").GetGuid()}", Body(OfferDemoData.DraftOffer.ToLowerInvariant()), Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.NameTaken);
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task PublishUnpublishRepublish_AsBusinessContributor_FollowsTheStatusRulesAndIsAudited()
    {
        var (bc, _) = await factory.ContosoUserAsync(Roles.BusinessContributor);
        var contoso = await factory.ContosoAsync();
        var id = (await bc.CreateOfferAsync(contoso)).GetProperty("id").GetGuid();
        var path = $"/api/v1/orgs/{contoso}/offers/{id}";

        var published = await (await bc.PostAsync(path + "/publish", null, Ct)).JsonAsync();
        Assert.Equal("Published", published.GetProperty("status").GetString());
        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime, published.GetProperty("publishedAt").GetDateTime().ToUniversalTime());
        await (await bc.PostAsync(path + "/publish", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.AlreadyPublished);

        var unpublished = await (await bc.PostAsJsonAsync(path + "/unpublish", new { version = published.GetProperty("version").GetGuid() }, Ct)).JsonAsync();
        Assert.Equal("Unpublished", unpublished.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, unpublished.GetProperty("publishedAt").ValueKind);
        await (await bc.PostAsync(path + "/unpublish", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.NotPublished);
        await (await bc.PostAsJsonAsync(path + "/publish", new { version = published.GetProperty("version").GetGuid() }, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.Changed);

        Assert.Equal(HttpStatusCode.OK, (await bc.PostAsync(path + "/publish", null, Ct)).StatusCode);
        Assert.Equal(OfferStatus.Published, (await factory.OfferAsync(id))!.Status);
        Assert.Equal(2, (await factory.OfferAuditAsync(id, AuditEventType.OfferPublished)).Count);
        Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferUnpublished));
    }

    [Theory]
    [InlineData(Roles.Developer)]
    [InlineData(Roles.Marketer)]
    [InlineData(Roles.Manager)]
    public async Task Publish_WithoutOffersPublish_IsForbiddenNamingTheRolesAndNothingChanges(string role)
    {
        var (client, _) = await factory.ContosoUserAsync(role);
        var contoso = await factory.ContosoAsync();
        var id = await factory.OfferIdAsync(OfferDemoData.DraftOffer);
        var before = await factory.OfferStateAsync();

        var problem = await (await client.PostAsync($"/api/v1/orgs/{contoso}/offers/{id}/publish", null, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains(Roles.BusinessContributor, problem.GetProperty("explanation").ToString(), StringComparison.Ordinal);
        await (await client.PostAsync($"/api/v1/orgs/{contoso}/offers/{await factory.OfferIdAsync(OfferDemoData.PublishedOffer)}/unpublish", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Publish_InUnverifiedOrganization_IsForbiddenExplainingVerificationWhileDraftsStillWork()
    {
        var (owner, orgId, _) = await factory.UnverifiedOrganizationUserAsync(Roles.Owner);
        var offer = await owner.CreateOfferAsync(orgId);
        var id = offer.GetProperty("id").GetGuid();
        var edited = await owner.PutAsJsonAsync($"/api/v1/orgs/{orgId}/offers/{id}", Body(offer.GetProperty("name").GetString(), price: 5m), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var before = await factory.OfferStateAsync();

        var problem = await (await owner.PostAsync($"/api/v1/orgs/{orgId}/offers/{id}/publish", null, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var failed = problem.GetProperty("explanation").GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("passed").GetBoolean()).ToList();
        var verification = Assert.Single(failed);
        Assert.Equal("verification", verification.GetProperty("check").GetString());
        Assert.Equal("/Verification", verification.GetProperty("link").GetString());
        Assert.Equal(before, await factory.OfferStateAsync());
        Assert.Equal(OfferStatus.Draft, (await factory.OfferAsync(id))!.Status);
    }

    [Fact]
    public async Task OfferOfAnotherOrganization_Answers404ForEveryRouteAndNothingChanges()
    {
        var (other, otherOrg, _) = await factory.UnverifiedOrganizationUserAsync(Roles.Owner);
        var created = await other.CreateOfferAsync(otherOrg, Body("Only at the other organization " + Guid.NewGuid().ToString("N")[..6]));
        var foreign = created.GetProperty("id").GetGuid();
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var path = $"/api/v1/orgs/{contoso}/offers/{foreign}";
        var before = await factory.OfferStateAsync();

        await (await devon.GetAsync(path, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, OfferErrors.OfferNotFound);
        await (await devon.PutAsJsonAsync(path, Body(), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, OfferErrors.OfferNotFound);
        await (await devon.PostAsync(path + "/publish", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, OfferErrors.OfferNotFound);
        await (await devon.PostAsync(path + "/unpublish", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, OfferErrors.OfferNotFound);
        await (await devon.GetAsync($"/api/v1/orgs/{otherOrg}/offers/{foreign}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(created.GetProperty("name").GetString()!, Names(await (await devon.GetAsync($"/api/v1/orgs/{contoso}/offers", Ct)).JsonAsync()));

        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task DemoData_ContosoHasAPublishedADraftAndAnUnpublishedOfferByDevon()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        var offers = (await (await devon.GetAsync($"/api/v1/orgs/{contoso}/offers", Ct)).JsonAsync()).GetProperty("offers").EnumerateArray()
            .Where(o => o.GetProperty("createdBy").GetString() == "Devon Park")
            .ToDictionary(o => o.GetProperty("name").GetString()!, o => o.GetProperty("status").GetString());

        Assert.Equal("Published", offers[OfferDemoData.PublishedOffer]);
        Assert.Equal("Draft", offers[OfferDemoData.DraftOffer]);
        Assert.Equal("Unpublished", offers[OfferDemoData.UnpublishedOffer]);
    }
}
