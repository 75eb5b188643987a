using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Marketplace;
using static Portico.Tests.Marketplace.MarketplaceTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Marketplace;

/// <summary>Every refused offer body: 400 with a stable code and the failing fields, and nothing written.</summary>
public sealed class OffersBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Long = new('x', Offer.DescriptionMaxLength + 1);

    /// <summary>A JSON body and the field error it must produce.</summary>
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free"}""", "name:required" },
        { """{"name":"   ","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free"}""", "name:required" },
        { $$"""{"name":"{{new string('n', Offer.NameMaxLength + 1)}}","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free"}""", "name:too_long" },
        { """{"name":"Bell\u0007","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free"}""", "name:invalid_characters" },
        { """{"name":"Two\nlines","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free"}""", "name:invalid_characters" },
        { """{"name":"n","summary":"s","description":"d","pricingModel":"Free"}""", "offerType:required" },
        { """{"name":"n","offerType":"Saas","summary":"s","description":"d","pricingModel":"Free"}""", "offerType:invalid_value" },
        { """{"name":"n","offerType":"1","summary":"s","description":"d","pricingModel":"Free"}""", "offerType:invalid_value" },
        { $$"""{"name":"n","offerType":"SaaS","summary":"{{new string('s', Offer.SummaryMaxLength + 1)}}","description":"d","pricingModel":"Free"}""", "summary:too_long" },
        { """{"name":"n","offerType":"SaaS","summary":"a\tb","description":"d","pricingModel":"Free"}""", "summary:invalid_characters" },
        { $$"""{"name":"n","offerType":"SaaS","summary":"s","description":"{{Long}}","pricingModel":"Free"}""", "description:too_long" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"nul\u0000","pricingModel":"Free"}""", "description:invalid_characters" },
        { """{"name":"n","offerType":"SaaS","summary":"s","pricingModel":"Free"}""", "description:required" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d"}""", "pricingModel:required" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Yearly"}""", "pricingModel:invalid_value" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free","price":5,"currency":"USD"}""", "price:invalid_value" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","currency":"USD"}""", "price:required" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":0,"currency":"USD"}""", "price:out_of_range" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":-3,"currency":"USD"}""", "price:out_of_range" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":1000001,"currency":"USD"}""", "price:out_of_range" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":9.999,"currency":"USD"}""", "price:invalid_value" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"PerUserMonthly","price":99.5,"currency":"JPY"}""", "price:invalid_value" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":9}""", "currency:required" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":9,"currency":"usd"}""", "currency:invalid_value" },
        { """{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":9,"currency":"BTC"}""", "currency:invalid_value" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateAndUpdate_InvalidField_Answer400WithTheFieldAndWriteNothing(string body, string fieldError)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var draft = await factory.OfferIdAsync(OfferDemoData.DraftOffer);
        var before = await factory.OfferStateAsync();

        var created = await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/offers", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/orgs/{contoso}/offers/{draft}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var updated = await (await devon.SendAsync(put, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, created.FieldErrors());
        Assert.Contains(fieldError, updated.FieldErrors());
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("not json")]
    [InlineData("""{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"FlatMonthly","price":"cheap","currency":"USD"}""")]
    [InlineData("""{"name":["n"],"offerType":"SaaS"}""")]
    [InlineData("""{"name":"n","offerType":"SaaS","summary":"s","description":"d","pricingModel":"Free","version":"not-a-guid"}""")]
    public async Task Create_MalformedJson_Answers400AndWritesNothing(string body)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.OfferStateAsync();

        var response = await devon.PostRawAsync($"/api/v1/orgs/{contoso}/offers", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Create_EmptyBodyOrNull_Answers400()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/offers", "null")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var empty = await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/offers", "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["name:required", "offerType:required", "summary:required", "description:required", "pricingModel:required"], empty.FieldErrors());
    }

    [Fact]
    public async Task Publish_MalformedBody_Answers400AndChangesNothing()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var draft = await factory.OfferIdAsync(OfferDemoData.DraftOffer);
        var before = await factory.OfferStateAsync();

        await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/offers/{draft}/publish", "{\"version\":12}")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(before, await factory.OfferStateAsync());
    }

    [Fact]
    public async Task Problem_InJapanese_HasJapaneseTitleAndFieldMessage()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        devon.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");
        var contoso = await factory.ContosoAsync();

        var problem = await (await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers", Body(OfferDemoData.PublishedOffer), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.NameTaken);

        Assert.Equal("この組織には同じ名前のオファーが既にあります。別の名前を指定してください。", problem.GetProperty("title").GetString());
    }
}
