using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>Bad input to the deals API: 400 problem documents with stable codes and field errors, and nothing written.</summary>
public sealed class DealsBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, string error, string? field = null)
    {
        var before = await factory.DealStateAsync();
        var body = await (await call()).AssertProblemAsync(HttpStatusCode.BadRequest, error);
        if (field is not null)
        {
            Assert.Contains(field, body.FieldErrors());
        }

        Assert.Equal(before, await factory.DealStateAsync());
    }

    public static TheoryData<string, object?, string> BadFields => new()
    {
        { "customerName", null, "customerName:required" },
        { "customerName", "   ", "customerName:required" },
        { "customerName", new string('x', Deal.CustomerNameMaxLength + 1), "customerName:too_long" },
        { "customerName", "Fourth\u0000Coffee", "customerName:invalid_characters" },
        { "contactName", "Lee\nOrtiz", "contactName:invalid_characters" },
        { "contactName", new string('x', Deal.ContactNameMaxLength + 1), "contactName:too_long" },
        { "contactEmail", "not-an-email", "contactEmail:invalid_email" },
        { "contactEmail", null, "contactEmail:required" },
        { "description", new string('x', Deal.DescriptionMaxLength + 1), "description:too_long" },
        { "description", "Line one\u0007", "description:invalid_characters" },
        { "currency", "XYZ", "currency:invalid_value" },
        { "currency", null, "currency:required" },
        { "value", 0, "value:out_of_range" },
        { "value", -5, "value:out_of_range" },
        { "value", 1_000_000_000_001m, "value:out_of_range" },
        { "value", 10.005m, "value:invalid_value" },
        { "value", null, "value:required" },
        { "expectedCloseDate", "2020-01-01", "expectedCloseDate:out_of_range" },
        { "expectedCloseDate", "2040-01-01", "expectedCloseDate:out_of_range" },
        { "expectedCloseDate", null, "expectedCloseDate:required" },
        { "locationId", Guid.NewGuid(), "locationId:invalid_value" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Create_WithABadField_IsRefusedWithTheFieldsCode(string field, object? value, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("Bad", (field, value)), Ct), "validation_failed", expected);
    }

    [Fact]
    public async Task Create_HalfYen_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("Yen", ("value", 100.5m), ("currency", "JPY")), Ct),
            "validation_failed", "value:invalid_value");
    }

    [Theory]
    [InlineData("{\"customerName\": ")]
    [InlineData("not json")]
    [InlineData("{\"customerName\":\"A\",\"value\":\"lots\"}")]
    [InlineData("{\"customerName\":\"A\",\"expectedCloseDate\":\"31/12/2026\"}")]
    [InlineData("{\"customerName\":\"A\",\"ownerId\":\"someone\"}")]
    [InlineData("null")]
    public async Task Create_MalformedJson_IsRefused(string json)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostRawAsync(Deals(contoso), json), "malformed_request");
    }

    [Theory]
    [InlineData("Closed", "status:invalid_value")]
    [InlineData("active", "status:invalid_value")]
    [InlineData("1", "status:invalid_value")]
    [InlineData("", "status:required")]
    public async Task Status_WrongValue_IsRefused(string status, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var id = await factory.DemoDealIdAsync("Adatum Corporation");
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Deals(contoso)}/{id}/status", new { status }, Ct), "validation_failed", expected);
    }

    [Fact]
    public async Task Status_OversizedLostReason_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var id = await factory.DemoDealIdAsync("Litware Inc.");
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Deals(contoso)}/{id}/status",
            new { status = "Lost", reason = new string('r', Deal.CloseNoteMaxLength + 1) }, Ct), "validation_failed", "note:too_long");
    }

    [Fact]
    public async Task Update_WithoutVersion_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var id = await factory.DemoDealIdAsync("Adatum Corporation");
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("No version"), Ct), "validation_failed", "version:required");
    }

    [Theory]
    [InlineData("?status=Bogus", "status:invalid_value")]
    [InlineData("?pageSize=0", "pageSize:out_of_range")]
    [InlineData("?pageSize=101", "pageSize:out_of_range")]
    [InlineData("?page=abc", "page:out_of_range")]
    [InlineData("?page=-1", "page:out_of_range")]
    public async Task List_BadQuery_IsRefused(string query, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.GetAsync(Deals(contoso) + query, Ct), "validation_failed", expected);
    }
}
