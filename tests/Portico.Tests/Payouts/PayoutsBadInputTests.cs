using System.Net;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.Marketplace.Payouts;
using static Portico.Tests.Payouts.PayoutsTestKit;

namespace Portico.Tests.Payouts;

/// <summary>Bad input to the payouts API: every refusal is a 400 problem with a stable code and writes nothing.</summary>
public sealed class PayoutsBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Valid = "\"holderName\":\"Contoso LLC\",\"bankCountry\":\"US\",\"accountNumber\":\"123456789\",\"currency\":\"USD\",\"taxForm\":\"Submitted\"";

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "holderName:required" },
        { """{"holderName":"  ","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "holderName:required" },
        { $$"""{"holderName":"{{new string('h', PayoutAccount.HolderNameMaxLength + 1)}}","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "holderName:too_long" },
        { """{"holderName":"Bell\u0007","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "holderName:invalid_characters" },
        { """{"holderName":"Two\nlines","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "holderName:invalid_characters" },
        { """{"holderName":"H","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "bankCountry:required" },
        { """{"holderName":"H","bankCountry":"USA","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "bankCountry:too_long" },
        { """{"holderName":"H","bankCountry":"ZZ","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "bankCountry:invalid_value" },
        { """{"holderName":"H","bankCountry":"1A","accountNumber":"123456789","currency":"USD","taxForm":"Submitted"}""", "bankCountry:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","currency":"USD","taxForm":"Submitted"}""", "accountNumber:required" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"1234","currency":"USD","taxForm":"Submitted"}""", "accountNumber:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"1234-5678","currency":"USD","taxForm":"Submitted"}""", "accountNumber:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"12345\u00006789","currency":"USD","taxForm":"Submitted"}""", "accountNumber:invalid_characters" },
        { $$"""{"holderName":"H","bankCountry":"US","accountNumber":"{{new string('1', PayoutAccount.AccountNumberMaxLength + 1)}}","currency":"USD","taxForm":"Submitted"}""", "accountNumber:too_long" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","taxForm":"Submitted"}""", "currency:required" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","currency":"usd","taxForm":"Submitted"}""", "currency:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","currency":"BTC","taxForm":"Submitted"}""", "currency:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","currency":"USD"}""", "taxForm:required" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"submitted"}""", "taxForm:invalid_value" },
        { """{"holderName":"H","bankCountry":"US","accountNumber":"123456789","currency":"USD","taxForm":"1"}""", "taxForm:invalid_value" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task PutAccount_InvalidField_Answers400WithTheFieldAndWritesNothing(string body, string fieldError)
    {
        var casey = await factory.ClientAsync(Casey, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.PayoutStateAsync();

        var problem = await (await casey.PutRawAsync(AccountUrl(contoso), body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, problem.FieldErrors());
        Assert.Equal(before, await factory.PayoutStateAsync());
        Assert.DoesNotContain(factory.Outbox.To(Devon), m => m.Subject!.Contains("payout account", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"holderName\":")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{" + Valid + ",\"version\":\"not-a-guid\"}")]
    [InlineData("{\"holderName\":[\"H\"]," + "\"bankCountry\":\"US\"}")]
    [InlineData("{\"holderName\":\"H\",\"bankCountry\":\"US\",\"accountNumber\":123456789,\"currency\":\"USD\",\"taxForm\":\"Submitted\"}")]
    public async Task PutAccount_MalformedJson_Answers400AndWritesNothing(string body)
    {
        var casey = await factory.ClientAsync(Casey, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.PayoutStateAsync();

        await (await casey.PutRawAsync(AccountUrl(contoso), body)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(before, await factory.PayoutStateAsync());
    }

    [Theory]
    [InlineData("?status=Paid", "status:invalid_value")]
    [InlineData("?status=onhold", "status:invalid_value")]
    [InlineData("?from=2026-13", "from:invalid_value")]
    [InlineData("?to=yesterday", "to:invalid_value")]
    [InlineData("?from=2026-05&to=2026-01", "to:out_of_range")]
    [InlineData("?page=0", "page:out_of_range")]
    [InlineData("?pageSize=101", "pageSize:out_of_range")]
    [InlineData("?pageSize=abc", "pageSize:out_of_range")]
    public async Task List_BadQuery_Answers400WithTheField(string query, string fieldError)
    {
        var casey = await factory.ClientAsync(Casey, mfa: false);
        var contoso = await factory.ContosoAsync();

        var list = await (await casey.GetAsync(PayoutsUrl(contoso) + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, list.FieldErrors());
        if (!fieldError.StartsWith("page", StringComparison.Ordinal))
        {
            var csv = await (await casey.GetAsync(PayoutsUrl(contoso) + ".csv" + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Contains(fieldError, csv.FieldErrors());
        }
    }
}
