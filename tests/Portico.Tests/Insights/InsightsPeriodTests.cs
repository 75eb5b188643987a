using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Insights.InsightsTestKit;

namespace Portico.Tests.Insights;

/// <summary>The period filter: creation dates for counts, close dates for the win rate and won value (own portal: adds a deal).</summary>
public sealed class InsightsPeriodTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Period_FiltersByCreationAndCloseDates()
    {
        var contoso = await factory.ContosoAsync();
        var owner = await factory.AccountAsync(Alex);
        var now = factory.Time.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            db.Deals.Add(new Deal
            {
                OrganizationId = contoso, CustomerName = "Blue Yonder Airlines", ContactName = "Ash Kim", ContactEmail = "ash@blueyonder.example",
                ValueMinor = 100_000, Currency = "USD", ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(-150)), Status = DealStatus.Won,
                OwnerAccountId = owner.Id, CreatedByAccountId = owner.Id, CreatedUtc = now.AddDays(-200), UpdatedUtc = now.AddDays(-150), ClosedUtc = now.AddDays(-150),
            });
            return await db.SaveChangesAsync(Ct);
        });
        var client = await factory.ReferralsClientAsync(Erin);

        var year = await client.GetReportAsync(contoso, "referrals", "?period=12m");
        var quarter = await client.GetReportAsync(contoso, "referrals", "?period=90d");
        var thisYear = await client.GetReportAsync(contoso, "referrals", "?period=ytd");

        Assert.Equal((7, 2), (year.Counts("byStatus")["Won"] + 5, year.Counts("byStatus")["Won"]));
        Assert.Equal(1, quarter.Counts("byStatus")["Won"]);
        Assert.Equal(4, quarter.Counts("createdPerMonth").Count);
        Assert.Equal(11, thisYear.Counts("createdPerMonth").Count);
        Assert.Equal(1, year.Counts("createdPerMonth")["2026-05"]);
        Assert.Equal(2, year.GetProperty("winRate").GetProperty("won").GetInt32());
        Assert.Equal(1, quarter.GetProperty("winRate").GetProperty("won").GetInt32());
        Assert.Equal(["2026-Q2", "2026-Q4"], year.GetProperty("revenue").GetProperty("wonPerQuarter").EnumerateArray().Select(q => q.GetProperty("quarter").GetString()));
        Assert.Equal(11_000m, year.GetProperty("revenue").GetProperty("averageDealSize")[0].GetProperty("value").GetDecimal());
        Assert.Equal(21_000m, quarter.GetProperty("revenue").GetProperty("averageDealSize")[0].GetProperty("value").GetDecimal());
    }
}
