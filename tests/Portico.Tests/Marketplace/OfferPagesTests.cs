using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using static Portico.Tests.Marketplace.MarketplaceTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Marketplace;

/// <summary>The Offers pages: the menu entry, the list, a new draft, edits, and Publish/Unpublish only for offers.publish.</summary>
public sealed partial class OfferPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private async Task<PageClient> SignedInAsync(string email, string password = DemoData.Password)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, password);
        return client;
    }

    private async Task<PageClient> ContosoPageUserAsync(params string[] roles)
    {
        var account = await factory.AWorkAccountAsync(await factory.ContosoAsync(), Builders.UniqueEmail("offers", "contoso.example"), displayName: "Page " + string.Join("+", roles), roles: roles);
        return await SignedInAsync(account.Email!, Builders.GoodPassword);
    }

    private static Dictionary<string, string> Fields(string name, string pricing = "FlatMonthly", string price = "25.00", string currency = "EUR") => new()
    {
        ["Input.Name"] = name,
        ["Input.OfferType"] = "ManagedService",
        ["Input.Summary"] = "Patching and monitoring for Windows servers.",
        ["Input.Description"] = "Monthly patching,\r\nmonitoring and reports.",
        ["Input.PricingModel"] = pricing,
        ["Input.Price"] = price,
        ["Input.Currency"] = currency,
    };

    [Fact]
    public async Task Menu_ShowsOffersOnlyToRolesThatOpenIt()
    {
        var devon = await SignedInAsync(Devon);
        var taylor = await ContosoPageUserAsync(Roles.ReferralsUser);

        await devon.GetAsync("/");
        await taylor.GetAsync("/");

        Assert.Contains("href=\"/Marketplace/Offers\"", devon.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Marketplace/Offers\"", taylor.LastHtml, StringComparison.Ordinal);
        var denied = await taylor.GetAsync("/Marketplace/Offers");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("capability=offers", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AsMarketer_ShowsDemoOffersWithStatusAndPriceButNoPublishing()
    {
        var marketer = await ContosoPageUserAsync(Roles.Marketer);

        var response = await marketer.GetAsync("/Marketplace/Offers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(OfferDemoData.PublishedOffer, marketer.LastHtml, StringComparison.Ordinal);
        Assert.Contains(OfferDemoData.DraftOffer, marketer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("USD 3.50 per user per month", marketer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("JPY 450,000 per month", marketer.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Business contributor", marketer.LastHtml, StringComparison.Ordinal);
        await marketer.GetAsync("/Marketplace/Offers/" + await factory.OfferIdAsync(OfferDemoData.DraftOffer));
        Assert.DoesNotContain("handler=Publish", marketer.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewOffer_ThroughTheForm_CreatesADraftAndOpensIt()
    {
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var name = "Contoso Patch Care " + Guid.NewGuid().ToString("N")[..6];

        var response = await developer.PostFormAsync("/Marketplace/Offers", Fields(name));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await factory.OfferIdAsync(name);
        Assert.Equal("/Marketplace/Offers/" + id, response.Headers.Location!.OriginalString);
        var offer = (await factory.OfferAsync(id))!;
        Assert.Equal((OfferStatus.Draft, OfferType.ManagedService, PricingModel.FlatMonthly, 25.00m, "EUR"), (offer.Status, offer.Type, offer.Pricing, offer.Price, offer.Currency));
        Assert.Equal("Monthly patching,\r\nmonitoring and reports.", offer.Description);
        Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferCreated));
        await developer.GetAsync(response.Headers.Location.OriginalString);
        Assert.Contains("was created as a draft", developer.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewOffer_FreeWithLeftoverPrice_IgnoresPriceAndCurrency()
    {
        var devon = await SignedInAsync(Devon);
        var name = "Contoso Free Trial " + Guid.NewGuid().ToString("N")[..6];

        var response = await devon.PostFormAsync("/Marketplace/Offers", Fields(name, pricing: "Free", price: "12", currency: "USD"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var offer = (await factory.OfferAsync(await factory.OfferIdAsync(name)))!;
        Assert.Equal((PricingModel.Free, (decimal?)null, (string?)null), (offer.Pricing, offer.Price, offer.Currency));
    }

    [Theory]
    [InlineData("", "25.00", "EUR", "Offer name: This field is required.")]
    [InlineData("Bad price", "twenty", "EUR", "Price: This value is not valid.")]
    [InlineData("No currency", "25.00", "", "Currency: This field is required.")]
    [InlineData(OfferDemoData.PublishedOffer, "25.00", "EUR", "Your organization already has an offer with this name.")]
    public async Task NewOffer_Invalid_ShowsTheErrorAndWritesNothing(string name, string price, string currency, string message)
    {
        var devon = await SignedInAsync(Devon);
        var before = await factory.OfferStateAsync();

        var response = await devon.PostFormAsync("/Marketplace/Offers", Fields(name, price: price, currency: currency));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, devon.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Edit_SaveThenPublishThenUnpublish_AsOwner()
    {
        var devon = await SignedInAsync(Devon);
        var contoso = await factory.ContosoAsync();
        var id = (await (await factory.ClientAsync(Devon, mfa: false)).CreateOfferAsync(contoso)).GetProperty("id").GetGuid();
        var page = "/Marketplace/Offers/" + id;
        await devon.GetAsync(page);
        var version = VersionField().Match(devon.LastHtml).Groups[1].Value;
        Assert.Contains("handler=Publish", devon.LastHtml, StringComparison.Ordinal);

        var fields = Fields("Renamed " + Guid.NewGuid().ToString("N")[..6], price: "30");
        fields["Version"] = version;
        var saved = await devon.PostFormAsync(page, fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(30m, (await factory.OfferAsync(id))!.Price);

        await devon.GetAsync(page);
        var publish = await devon.PostFormAsync(page, [new("Version", VersionField().Match(devon.LastHtml).Groups[1].Value)], page + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Equal(OfferStatus.Published, (await factory.OfferAsync(id))!.Status);
        await devon.GetAsync(page);
        Assert.Contains("is now published", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("handler=Unpublish", devon.LastHtml, StringComparison.Ordinal);

        var unpublish = await devon.PostFormAsync(page, [new("Version", VersionField().Match(devon.LastHtml).Groups[1].Value)], page + "?handler=Unpublish");
        Assert.Equal(HttpStatusCode.Redirect, unpublish.StatusCode);
        Assert.Equal(OfferStatus.Unpublished, (await factory.OfferAsync(id))!.Status);
        var devonId = (await factory.AccountAsync(Devon)).Id;
        Assert.Equal(devonId, Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferUpdated)).ActorAccountId);
        Assert.Equal(devonId, Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferPublished)).ActorAccountId);
        Assert.Equal(devonId, Assert.Single(await factory.OfferAuditAsync(id, AuditEventType.OfferUnpublished)).ActorAccountId);
    }

    [Fact]
    public async Task Edit_WithStaleVersion_ShowsConflictAndKeepsTheOtherEdit()
    {
        var devon = await SignedInAsync(Devon);
        var contoso = await factory.ContosoAsync();
        var api = await factory.ClientAsync(Devon, mfa: false);
        var offer = await api.CreateOfferAsync(contoso);
        var id = offer.GetProperty("id").GetGuid();
        var page = "/Marketplace/Offers/" + id;
        await devon.GetAsync(page);
        var stale = VersionField().Match(devon.LastHtml).Groups[1].Value;
        await api.PutAsync($"/api/v1/orgs/{contoso}/offers/{id}", System.Net.Http.Json.JsonContent.Create(Body(offer.GetProperty("name").GetString(), price: 77m)), TestContext.Current.CancellationToken);

        var fields = Fields(offer.GetProperty("name").GetString()!, price: "1");
        fields["Version"] = stale;
        var response = await devon.PostFormAsync(page, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this offer", devon.LastHtml, StringComparison.Ordinal);
        Assert.Equal(77m, (await factory.OfferAsync(id))!.Price);
    }

    [Fact]
    public async Task Publish_AsDeveloperOnly_IsSentToAccessDeniedForOffersPublishAndNothingChanges()
    {
        var developer = await ContosoPageUserAsync(Roles.Developer);
        var id = await factory.OfferIdAsync(OfferDemoData.DraftOffer);
        var page = "/Marketplace/Offers/" + id;
        var before = await factory.OfferStateAsync();

        var response = await developer.PostFormAsync(page, [], page + "?handler=Publish");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("capability=offers.publish", response.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Publish_OwnerOfUnverifiedOrganization_IsSentToTheExplanationThatLinksToVerification()
    {
        var org = await factory.AnOrganizationAsync();
        var owner = await factory.AWorkAccountAsync(org.Organization.Id, roles: [Roles.Owner]);
        var api = await factory.ClientAsync(owner.Email!, mfa: false, password: Builders.GoodPassword);
        var id = (await api.CreateOfferAsync(org.Organization.Id)).GetProperty("id").GetGuid();
        var client = await SignedInAsync(owner.Email!, Builders.GoodPassword);
        var page = "/Marketplace/Offers/" + id;
        await client.GetAsync(page);
        Assert.DoesNotContain("handler=Publish", client.LastHtml, StringComparison.Ordinal);

        var response = await client.PostFormAsync(page, [], page + "?handler=Publish");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("capability=offers.publish", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var denied = await client.GetAsync(response.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("href=\"/Verification\"", client.LastHtml, StringComparison.Ordinal);
        Assert.Equal(OfferStatus.Draft, (await factory.OfferAsync(id))!.Status);
    }

    [Fact]
    public async Task Edit_OfferOfAnotherOrganization_IsNotFound()
    {
        var org = await factory.AnOrganizationAsync();
        var owner = await factory.AWorkAccountAsync(org.Organization.Id, roles: [Roles.Owner]);
        var api = await factory.ClientAsync(owner.Email!, mfa: false, password: Builders.GoodPassword);
        var foreign = (await api.CreateOfferAsync(org.Organization.Id)).GetProperty("id").GetGuid();
        var devon = await SignedInAsync(Devon);
        var before = await factory.OfferStateAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await devon.GetAsync("/Marketplace/Offers/" + foreign)).StatusCode);
        var draft = "/Marketplace/Offers/" + await factory.OfferIdAsync(OfferDemoData.DraftOffer);
        Assert.Equal(HttpStatusCode.NotFound, (await devon.PostFormAsync(draft, Fields("Hijack"), "/Marketplace/Offers/" + foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await devon.PostFormAsync(draft, [], "/Marketplace/Offers/" + foreign + "?handler=Publish")).StatusCode);
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task List_InJapanese_ShowsJapaneseLabels()
    {
        var devon = await SignedInAsync(Devon);
        devon.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        await devon.GetAsync("/Marketplace/Offers");

        Assert.Contains("マーケットプレース オファー", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("公開中", devon.LastHtml, StringComparison.Ordinal);
        Assert.Contains("下書きを作成", devon.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_EveryOfferString_HasEnglishAndJapanese()
    {
        string[] fields = ["name", "offerType", "summary", "description", "pricingModel", "price", "currency"];
        var keys = OfferErrors.All.Select(e => "Error." + e)
            .Concat(Enum.GetNames<OfferType>().Select(n => "OfferType." + n))
            .Concat(Enum.GetNames<PricingModel>().Select(n => "PricingModel." + n))
            .Concat(Enum.GetNames<OfferStatus>().Select(n => "OfferStatus." + n))
            .Concat(Enum.GetNames<PricingModel>().Where(n => n != nameof(PricingModel.Free)).Select(n => "Offers.Price." + n))
            .Concat(fields.Select(f => "Offers.Field." + f))
            .Concat(new[] { "AuditType.OfferCreated", "AuditType.OfferUpdated", "AuditType.OfferPublished", "AuditType.OfferUnpublished", "Nav.Offers" })
            .Concat(new[] { "Title", "Intro", "None", "New", "NewIntro", "CreateDraft", "Created", "Saved", "Published", "Unpublished", "Status", "Updated",
                "CreatedBy", "UpdatedBy", "PublishedAt", "FormerUser", "BackToList", "Edit", "Save", "LiveEdits", "Publishing", "Publish", "Unpublish",
                "PublishExplain", "UnpublishExplain", "PublishNeedsRole", "WhyNoPublish", "ChooseType", "ChooseCurrency", "SummaryHint", "PriceHint" }.Select(k => "Offers." + k))
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("name=\"Version\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex VersionField();
}
