using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Insights;
using static Portico.Tests.Insights.InsightsTestKit;

namespace Portico.Tests.Insights;

/// <summary>The Insights API: who sees which figures (revenue, locations, offers), periods, CSV exports, refusals and audit rows.</summary>
public sealed class InsightsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static decimal Amount(JsonElement list, string currency) =>
        list.EnumerateArray().Single(e => e.GetProperty("currency").GetString() == currency).GetProperty("value").GetDecimal();

    [Fact]
    public async Task Referrals_AsExecutiveReportViewer_CountsEveryDealAndShowsRevenuePerCurrency()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Erin);

        var report = await client.GetReportAsync(contoso, "referrals");

        Assert.True(report.GetProperty("includesRevenue").GetBoolean());
        Assert.True(report.GetProperty("organizationWide").GetBoolean());
        Assert.Equal(new Dictionary<string, int> { ["New"] = 2, ["Active"] = 2, ["Won"] = 1, ["Lost"] = 2, ["Declined"] = 1 }, report.Counts("byStatus"));
        var locations = report.GetProperty("byLocation").EnumerateArray()
            .ToDictionary(l => l.GetProperty("locationName").GetString() ?? "(organization)", l => l.GetProperty("count").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["(organization)"] = 3, ["Seattle"] = 3, ["Tokyo"] = 2 }, locations);
        var months = report.Counts("createdPerMonth");
        Assert.Equal(12, months.Count);
        Assert.Equal(1, months["2026-09"]);
        Assert.Equal(4, months["2026-10"]);
        Assert.Equal(3, months["2026-11"]);
        Assert.Equal(0, months["2025-12"]);
        var winRate = report.GetProperty("winRate");
        Assert.Equal((1, 2, 0.3333m), (winRate.GetProperty("won").GetInt32(), winRate.GetProperty("lost").GetInt32(), winRate.GetProperty("rate").GetDecimal()));

        var revenue = report.GetProperty("revenue");
        Assert.Equal(173_000.50m, Amount(revenue.GetProperty("pipeline"), "USD"));
        Assert.Equal(18_000_000m, Amount(revenue.GetProperty("pipeline"), "JPY"));
        Assert.Equal(33_000m, Amount(revenue.GetProperty("pipeline"), "EUR"));
        Assert.Equal(3, revenue.GetProperty("pipeline").GetArrayLength());
        var quarter = Assert.Single(revenue.GetProperty("wonPerQuarter").EnumerateArray());
        Assert.Equal(("2026-Q4", "USD", 21_000m), (quarter.GetProperty("quarter").GetString(), quarter.GetProperty("currency").GetString(), quarter.GetProperty("value").GetDecimal()));
        Assert.Equal(21_000m, Amount(revenue.GetProperty("averageDealSize"), "USD"));
    }

    [Fact]
    public async Task Referrals_AsGlobalAdmin_ShowsRevenue()
    {
        var contoso = await factory.ContosoAsync();

        var report = await (await factory.ReferralsClientAsync(Alex)).GetReportAsync(contoso, "referrals");

        Assert.True(report.GetProperty("includesRevenue").GetBoolean());
        Assert.True(report.TryGetProperty("revenue", out _));
    }

    [Theory]
    [InlineData(Roles.ReportViewer)]
    [InlineData(Roles.PartnerProgramAdmin)]
    public async Task Referrals_AsViewerWithoutRevenue_SameCountsAndNoMoneyFieldAtAll(string role)
    {
        var contoso = await factory.ContosoAsync();
        var viewer = role == Roles.ReportViewer ? await factory.ReferralsClientAsync(Noah) : await factory.ViewerClientAsync(await factory.ContosoViewerAsync("Program Admin", (role, null)));
        var executive = await (await factory.ReferralsClientAsync(Erin)).GetReportAsync(contoso, "referrals");

        var response = await viewer.GetAsync(Report(contoso, "referrals"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var report = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(report.GetProperty("includesRevenue").GetBoolean());
        Assert.False(report.TryGetProperty("revenue", out _));
        Assert.DoesNotContain("pipeline", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"value\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("USD", text, StringComparison.Ordinal);
        Assert.Equal(executive.Counts("byStatus"), report.Counts("byStatus"));
        Assert.Equal(executive.GetProperty("winRate").GetRawText(), report.GetProperty("winRate").GetRawText());
    }

    [Fact]
    public async Task Referrals_AsLocationReportViewer_CountsThatLocationsDealsOnly_AndNoOffers()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var client = await factory.ViewerClientAsync(await factory.ContosoViewerAsync("Tokyo Viewer", (Roles.ReportViewer, tokyo)));

        var report = await client.GetReportAsync(contoso, "referrals");

        Assert.False(report.GetProperty("organizationWide").GetBoolean());
        Assert.Equal([tokyo], report.GetProperty("locations").EnumerateArray().Select(l => l.GetGuid()));
        Assert.Equal(new Dictionary<string, int> { ["New"] = 1, ["Active"] = 1, ["Won"] = 0, ["Lost"] = 0, ["Declined"] = 0 }, report.Counts("byStatus"));
        var location = Assert.Single(report.GetProperty("byLocation").EnumerateArray());
        Assert.Equal(("Tokyo", 2), (location.GetProperty("locationName").GetString(), location.GetProperty("count").GetInt32()));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("winRate").GetProperty("rate").ValueKind);
        Assert.False(report.TryGetProperty("revenue", out _));

        var before = await factory.ExportRowsAsync();
        await (await client.GetAsync(Report(contoso, "marketplace"), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, InsightsErrors.OrganizationRoleRequired);
        await (await client.GetAsync(Report(contoso, "marketplace.csv"), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, InsightsErrors.OrganizationRoleRequired);
        Assert.Equal(before, await factory.ExportRowsAsync());
    }

    [Fact]
    public async Task Referrals_AsLocationExecutive_ShowsRevenueOfThatLocationOnly()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var client = await factory.ViewerClientAsync(await factory.ContosoViewerAsync("Tokyo Executive", (Roles.ExecutiveReportViewer, tokyo)));

        var revenue = (await client.GetReportAsync(contoso, "referrals")).GetProperty("revenue");

        Assert.Equal(["EUR", "JPY"], revenue.GetProperty("pipeline").EnumerateArray().Select(p => p.GetProperty("currency").GetString()));
        Assert.Equal(18_000_000m, Amount(revenue.GetProperty("pipeline"), "JPY"));
        Assert.Equal(0, revenue.GetProperty("wonPerQuarter").GetArrayLength());
    }

    [Fact]
    public async Task Referrals_AsOrganizationViewerAndLocationExecutive_HasNoRevenue()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var client = await factory.ViewerClientAsync(await factory.ContosoViewerAsync("Mixed Viewer", (Roles.ReportViewer, null), (Roles.ExecutiveReportViewer, tokyo)));

        var report = await client.GetReportAsync(contoso, "referrals");

        Assert.True(report.GetProperty("organizationWide").GetBoolean());
        Assert.False(report.TryGetProperty("revenue", out _));
        Assert.Equal(8, report.Counts("byStatus").Values.Sum());
    }

    [Fact]
    public async Task Marketplace_AsReportViewer_CountsOffersByStatusTypeAndPublicationMonth()
    {
        var contoso = await factory.ContosoAsync();

        var report = await (await factory.ReferralsClientAsync(Noah)).GetReportAsync(contoso, "marketplace", "?period=12m");

        Assert.Equal(new Dictionary<string, int> { ["Draft"] = 1, ["Published"] = 1, ["Unpublished"] = 1 }, report.Counts("byStatus"));
        Assert.Equal(new Dictionary<string, int> { ["SaaS"] = 1, ["AzureApplication"] = 0, ["ConsultingService"] = 1, ["ManagedService"] = 1 }, report.Counts("byType"));
        var published = report.Counts("publishedPerMonth");
        Assert.Equal((1, 1, 2), (published["2026-08"], published["2026-10"], published.Values.Sum()));
    }

    [Fact]
    public async Task Reports_OfOrganizationWithoutRecords_AreZeroNotErrors()
    {
        var fabrikam = await factory.FabrikamAsync();
        var jun = await factory.ReferralsClientAsync(Jun);

        var referrals = await jun.GetReportAsync(fabrikam, "referrals");
        var marketplace = await jun.GetReportAsync(fabrikam, "marketplace");

        Assert.All(referrals.Counts("byStatus").Values, c => Assert.Equal(0, c));
        Assert.Equal(0, referrals.GetProperty("winRate").GetProperty("won").GetInt32());
        Assert.All(marketplace.Counts("byType").Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public async Task Reports_WithoutInsightsRoleOrOfAnotherOrganization_AreForbidden()
    {
        var contoso = await factory.ContosoAsync();
        var northwind = await factory.NorthwindAsync();
        var before = await factory.ExportRowsAsync();

        await (await (await factory.ReferralsClientAsync(Taylor)).GetAsync(Report(contoso, "referrals"), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await (await factory.ReferralsClientAsync(Erin)).GetAsync(Report(northwind, "referrals.csv"), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync(Report(contoso, "referrals"), Ct)).StatusCode);
        Assert.Equal(before, await factory.ExportRowsAsync());
    }

    [Theory]
    [InlineData("referrals", "?period=abc")]
    [InlineData("referrals", "?period=90D")]
    [InlineData("referrals", "?period=%2090d")]
    [InlineData("referrals", "?period=90d%01")]
    [InlineData("marketplace", "?period=" + "12m12m12m12m12m12m12m12m12m12m12m12m12m12m12m12m12m12m")]
    [InlineData("referrals.csv", "?period=last-week")]
    [InlineData("marketplace.csv", "?period=%00")]
    public async Task Reports_WithBadPeriod_Answer400WithFieldErrorAndWriteNothing(string report, string query)
    {
        var contoso = await factory.ContosoAsync();
        var before = await factory.ExportRowsAsync();

        var body = await (await (await factory.ReferralsClientAsync(Erin)).GetAsync(Report(contoso, report, query), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["period:invalid_value"], body.FieldErrors());
        Assert.Equal(before, await factory.ExportRowsAsync());
    }

    [Theory]
    [InlineData("revenue.csv")]
    [InlineData("Referrals.csv")]
    [InlineData("audit.csv")]
    public async Task Export_OfUnknownReport_Answers404AndWritesNothing(string report)
    {
        var contoso = await factory.ContosoAsync();
        var before = await factory.ExportRowsAsync();

        await (await (await factory.ReferralsClientAsync(Erin)).GetAsync(Report(contoso, report), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, InsightsErrors.ReportNotFound);

        Assert.Equal(before, await factory.ExportRowsAsync());
    }

    [Fact]
    public async Task Export_AsExecutive_IsUtf8WithBomAndMoneyColumns_AndAudited()
    {
        var contoso = await factory.ContosoAsync();
        var erin = await factory.AccountAsync(Erin);
        var before = await factory.ExportRowsAsync();

        var response = await (await factory.ReferralsClientAsync(Erin)).GetAsync(Report(contoso, "referrals.csv", "?period=ytd"), Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("Section,Item,Count,Currency,Amount\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Deals by status,Won,1,,\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Won value per quarter,2026-Q4,1,USD,21000.00\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Pipeline value (open deals),,1,JPY,18000000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("insights-referrals-ytd-2026-11-24.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var row = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.InsightsReportExported).OrderByDescending(e => e.Id).FirstAsync(Ct));
        Assert.Equal(before + 1, await factory.ExportRowsAsync());
        Assert.Equal((erin.Id, contoso), (row.ActorAccountId, row.TargetOrganizationId));
        using var details = JsonDocument.Parse(row.Details!);
        Assert.Equal(("referrals", "ytd", true), (details.RootElement.GetProperty("report").GetString(), details.RootElement.GetProperty("period").GetString(), details.RootElement.GetProperty("revenue").GetBoolean()));
    }

    [Fact]
    public async Task Export_AsReportViewerInJapanese_HasJapaneseHeaderAndNoMoneyColumns()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Noah);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var referrals = await client.GetAsync(Report(contoso, "referrals.csv"), Ct);
        var marketplace = await client.GetAsync(Report(contoso, "marketplace.csv"), Ct);
        var text = Encoding.UTF8.GetString((await referrals.Content.ReadAsByteArrayAsync(Ct))[3..]);
        var offers = Encoding.UTF8.GetString((await marketplace.Content.ReadAsByteArrayAsync(Ct))[3..]);

        Assert.Equal(HttpStatusCode.OK, referrals.StatusCode);
        Assert.StartsWith("区分,項目,件数\r\n", text, StringComparison.Ordinal);
        Assert.Contains("ステータス別の案件数,成約,1\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("USD", text, StringComparison.Ordinal);
        Assert.All(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), line => Assert.Equal(2, line.Count(c => c == ',')));
        Assert.StartsWith("区分,項目,件数\r\n", offers, StringComparison.Ordinal);
        Assert.Contains("種類別のオファー数,SaaS (サービスとしてのソフトウェア),1\r\n", offers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_LocationNameLikeFormula_IsNeutralised()
    {
        var contoso = await factory.ContosoAsync();
        var seattle = await factory.LocationIdAsync(contoso, "Seattle");
        var client = await factory.ViewerClientAsync(await factory.ContosoViewerAsync("Formula Viewer", (Roles.ReportViewer, seattle)));
        await factory.WithDbAsync(db => db.Locations.Where(l => l.Id == seattle).ExecuteUpdateAsync(l => l.SetProperty(x => x.Name, "=HYPERLINK(\"x\",\"Seattle\")"), Ct));
        try
        {
            var text = Encoding.UTF8.GetString((await (await client.GetAsync(Report(contoso, "referrals.csv"), Ct)).Content.ReadAsByteArrayAsync(Ct))[3..]);

            Assert.Contains("Deals by location,\"'=HYPERLINK(\"\"x\"\",\"\"Seattle\"\")\",3\r\n", text, StringComparison.Ordinal);
        }
        finally
        {
            await factory.WithDbAsync(db => db.Locations.Where(l => l.Id == seattle).ExecuteUpdateAsync(l => l.SetProperty(x => x.Name, "Seattle"), Ct));
        }
    }
}
