using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>Bad input to the earnings API: 400 problem documents with stable codes and field errors, and nothing written.</summary>
public sealed class EarningsBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, string error, string? field = null)
    {
        var before = await factory.IncentivesStateAsync();
        var body = await (await call()).AssertProblemAsync(HttpStatusCode.BadRequest, error);
        if (field is not null)
        {
            Assert.Contains(field, body.FieldErrors());
        }

        Assert.Equal(before, await factory.IncentivesStateAsync());
    }

    private async Task<(Guid Contoso, Guid Line, Guid Dispute)> DemoAsync()
    {
        var disputeId = await factory.DemoDisputeIdAsync();
        var line = await factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.EarningDisputes.Where(d => d.Id == disputeId).Select(d => d.EarningLineId), Ct));
        return (await factory.ContosoAsync(), line, disputeId);
    }

    public static TheoryData<string?, string?, string> BadDisputes => new()
    {
        { null, "Comment", "reason:required" },
        { "", "Comment", "reason:required" },
        { "amountincorrect", "Comment", "reason:invalid_value" },
        { "1", "Comment", "reason:invalid_value" },
        { "Fraud", "Comment", "reason:invalid_value" },
        { "Other", null, "comment:required" },
        { "Other", "   ", "comment:required" },
        { "Other", new string('c', EarningDispute.CommentMaxLength + 1), "comment:too_long" },
        { "Other", "Bell\u0007", "comment:invalid_characters" },
        { "Other", "Nul\u0000", "comment:invalid_characters" },
    };

    [Theory]
    [MemberData(nameof(BadDisputes))]
    public async Task OpenDispute_WithABadField_IsRefusedWithTheFieldsCode(string? reason, string? comment, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var line = await factory.DemoLineAsync("Modern Work deployment", null, EarningStatus.Paid);
        var client = await factory.IncentivesClientAsync(Jordan);

        await AssertRefusedAsync(() => client.OpenDisputeAsync(contoso, line.Id, reason, comment), "validation_failed", expected);
    }

    [Theory]
    [InlineData("{\"reason\": ")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"reason\":5,\"comment\":\"x\"}")]
    [InlineData("[\"Other\"]")]
    public async Task OpenDispute_MalformedJson_IsRefused(string json)
    {
        var contoso = await factory.ContosoAsync();
        var line = await factory.DemoLineAsync("Modern Work deployment", null, EarningStatus.Paid);
        var client = await factory.IncentivesClientAsync(Jordan);

        await AssertRefusedAsync(() => client.PostRawAsync($"{Earnings(contoso)}/{line.Id}/disputes", json), "malformed_request");
    }

    [Theory]
    [InlineData(null, "comment:required")]
    [InlineData("", "comment:required")]
    [InlineData("Tab\tis fine but escape is not\u001b", "comment:invalid_characters")]
    public async Task Comment_WithABadComment_IsRefused(string? comment, string expected)
    {
        var (contoso, line, dispute) = await DemoAsync();
        var client = await factory.IncentivesClientAsync(Jordan);

        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Earnings(contoso)}/{line}/disputes/{dispute}/comments", new { comment }, Ct),
            "validation_failed", expected);
        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Earnings(contoso)}/{line}/disputes/{dispute}/comments",
            new { comment = new string('c', EarningDispute.CommentMaxLength + 1) }, Ct), "validation_failed", "comment:too_long");
    }

    [Theory]
    [InlineData("{\"comment\": ")]
    [InlineData("null")]
    [InlineData("{\"comment\":[1]}")]
    public async Task CommentAndWithdraw_MalformedJson_AreRefused(string json)
    {
        var (contoso, line, dispute) = await DemoAsync();
        var client = await factory.IncentivesClientAsync(Jordan);

        await AssertRefusedAsync(() => client.PostRawAsync($"{Earnings(contoso)}/{line}/disputes/{dispute}/comments", json), "malformed_request");
        await AssertRefusedAsync(() => client.PostRawAsync($"{Earnings(contoso)}/{line}/disputes/{dispute}/withdraw", json), "malformed_request");
    }

    [Fact]
    public async Task Withdraw_WithAnOversizedComment_IsRefused()
    {
        var (contoso, line, dispute) = await DemoAsync();
        var client = await factory.IncentivesClientAsync(Jordan);

        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Earnings(contoso)}/{line}/disputes/{dispute}/withdraw",
            new { comment = new string('w', EarningDispute.CommentMaxLength + 1) }, Ct), "validation_failed", "comment:too_long");
    }

    [Theory]
    [InlineData("?status=Disputed", "status:invalid_value")]
    [InlineData("?status=paid", "status:invalid_value")]
    [InlineData("?status=2", "status:invalid_value")]
    [InlineData("?from=2026-13", "from:invalid_value")]
    [InlineData("?from=July", "from:invalid_value")]
    [InlineData("?to=2026-07-01", "to:invalid_value")]
    [InlineData("?from=2026-09&to=2026-07", "to:out_of_range")]
    [InlineData("?program=%00Solutions", "program:invalid_characters")]
    [InlineData("?pageSize=0", "pageSize:out_of_range")]
    [InlineData("?pageSize=101", "pageSize:out_of_range")]
    [InlineData("?page=abc", "page:out_of_range")]
    [InlineData("?page=-1", "page:out_of_range")]
    public async Task List_BadQuery_IsRefused(string query, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(Riley);

        await AssertRefusedAsync(() => client.GetAsync(Earnings(contoso) + query, Ct), "validation_failed", expected);
    }

    [Theory]
    [InlineData("?status=Bogus", "status:invalid_value")]
    [InlineData("?from=2026/09", "from:invalid_value")]
    public async Task Export_BadQuery_IsRefused(string query, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(Riley);

        await AssertRefusedAsync(() => client.GetAsync(Earnings(contoso) + ".csv" + query, Ct), "validation_failed", expected);
    }

    [Fact]
    public async Task List_OversizedProgram_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(Riley);

        await AssertRefusedAsync(() => client.GetAsync(Earnings(contoso) + "?program=" + new string('p', EarningLine.ProgramMaxLength + 1), Ct),
            "validation_failed", "program:too_long");
    }
}
