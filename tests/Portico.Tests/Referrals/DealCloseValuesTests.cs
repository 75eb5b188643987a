using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using Portico.Web.Infrastructure;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>
/// The close summary's values per currency, win rates, custom periods (API, page and the list links), the grouped reason
/// filter and the CSV export, over the deals of one Referrals user (own deals only) seeded here.
/// </summary>
/// <remarks>
/// Note: the seller's deals, relative to the fake clock's today T: in the last 90 days Won 1,000.00 USD and 500,000 JPY,
/// Lost 3,000.00 USD to a competitor and 1,000.00 USD for no budget, Declined 200.00 EUR as a duplicate; on T−150 at
/// 23:30 Lost 1,500,000 JPY for timing, and at 00:00 of T−149 Lost 700.00 USD for no decision.
/// </remarks>
public sealed class DealCloseValuesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly Dictionary<DemoPortalFactory, Portico.Web.Features.Accounts.Account> Sellers = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateOnly Today => DateOnly.FromDateTime(factory.Time.GetUtcNow().UtcDateTime);

    private string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The seller (a Referrals user, organization-wide) and their closed deals, made once per factory.</summary>
    private async Task<Portico.Web.Features.Accounts.Account> SellerAsync()
    {
        await Seeding.WaitAsync(Ct);
        try
        {
            if (Sellers.TryGetValue(factory, out var seller))
            {
                return seller;
            }

            seller = await factory.ContosoAccountAsync(Roles.ReferralsUser, null, "Val Seller");
            var contoso = await factory.ContosoAsync();
            var now = factory.Time.GetUtcNow().UtcDateTime;
            var start = Today.AddDays(-150).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            await factory.WithDbAsync(async db =>
            {
                foreach (var (customer, minor, currency, status, reason, closed) in new (string, long, string, DealStatus, string?, DateTime)[]
                {
                    ("Val Won USD", 1_000_00, "USD", DealStatus.Won, null, now.AddDays(-3)),
                    ("Val Won JPY", 500_000, "JPY", DealStatus.Won, null, now.AddDays(-4)),
                    ("Val Lost Competitor", 3_000_00, "USD", DealStatus.Lost, DealCloseReasons.LostToCompetitor, now.AddDays(-5)),
                    ("Val Lost Budget", 1_000_00, "USD", DealStatus.Lost, DealCloseReasons.NoBudget, now.AddDays(-6)),
                    ("Val Declined EUR", 200_00, "EUR", DealStatus.Declined, DealCloseReasons.Duplicate, now.AddDays(-7)),
                    ("Val Lost Timing JPY", 1_500_000, "JPY", DealStatus.Lost, DealCloseReasons.Timing, start.AddHours(23).AddMinutes(30)),
                    ("Val Lost Next Day", 700_00, "USD", DealStatus.Lost, DealCloseReasons.NoDecision, start.AddDays(1)),
                })
                {
                    db.Deals.Add(new Deal
                    {
                        OrganizationId = contoso, CustomerName = customer, ContactName = "Val Contact", ContactEmail = "val@customer.example", Description = "d",
                        ValueMinor = minor, Currency = currency, ExpectedCloseDate = DateOnly.FromDateTime(closed), Status = status, CloseReason = reason,
                        OwnerAccountId = seller.Id, CreatedByAccountId = seller.Id, CreatedUtc = closed.AddDays(-30), UpdatedUtc = closed, ClosedUtc = closed,
                    });
                }

                return await db.SaveChangesAsync(Ct);
            });
            Sellers[factory] = seller;
            return seller;
        }
        finally
        {
            Seeding.Release();
        }
    }

    private async Task<HttpClient> SellerClientAsync() => await factory.ReferralsClientAsync((await SellerAsync()).Email!, Builders.GoodPassword);

    private async Task<PageClient> SellerPageAsync(string language = "en-US")
    {
        var seller = await SellerAsync();
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(seller.Email!, Builders.GoodPassword);
        return client;
    }

    private async Task<JsonElement> SummaryAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync(Deals(await factory.ContosoAsync()) + "/close-summary" + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    private static string Totals(JsonElement list) =>
        string.Join(",", list.EnumerateArray().Select(v =>
            $"{v.GetProperty("count").GetInt32()} {v.GetProperty("currency").GetString()} {v.GetProperty("value").GetDecimal().ToString("0.00", CultureInfo.InvariantCulture)}"));

    private static string Reasons(JsonElement list) =>
        string.Join(";", list.EnumerateArray().Select(r => r.GetProperty("reason").GetString() + "=" + Totals(r.GetProperty("values"))).Order(StringComparer.Ordinal));

    private static string Rates(JsonElement winRate) =>
        Rate(winRate.GetProperty("byCount")) + "|" + string.Join(",", winRate.GetProperty("byValue").EnumerateArray()
            .Select(r => r.GetProperty("currency").GetString() + " " + Rate(r.GetProperty("rate"))));

    private static string Rate(JsonElement rate) =>
        rate.ValueKind == JsonValueKind.Null ? "null" : rate.GetDecimal().ToString("0.0000", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Summary_GivesValuesPerCurrency_NeverAddingCurrenciesUp()
    {
        var summary = await SummaryAsync(await SellerClientAsync());

        Assert.Equal((2, 2, 1), (summary.GetProperty("won").GetInt32(), summary.GetProperty("lost").GetInt32(), summary.GetProperty("declined").GetInt32()));
        Assert.Equal("1 JPY 500000.00,1 USD 1000.00", Totals(summary.GetProperty("wonValue")));
        Assert.Equal("2 USD 4000.00", Totals(summary.GetProperty("lostValue")));
        Assert.Equal("1 EUR 200.00", Totals(summary.GetProperty("declinedValue")));
        Assert.Equal("lost_to_competitor=1 USD 3000.00;no_budget=1 USD 1000.00", Reasons(summary.GetProperty("lostByReason")));
        Assert.Equal("duplicate=1 EUR 200.00", Reasons(summary.GetProperty("declinedByReason")));
    }

    [Fact]
    public async Task Summary_WinRate_ByCountAndPerCurrencyByValue_NullWhenUndefined()
    {
        var client = await SellerClientAsync();

        var quarter = await SummaryAsync(client);
        var halfYear = await SummaryAsync(client, "?period=180");
        var nothing = await SummaryAsync(client, $"?from={Day(-100)}&to={Day(-90)}");
        var declinedOnly = await SummaryAsync(client, $"?from={Day(-7)}&to={Day(-7)}");

        // Note: 2 won of 4 worked; USD 1,000 won of 5,000, JPY all won; declined deals count nowhere in the rate.
        Assert.Equal("0.5000|JPY 1.0000,USD 0.2000", Rates(quarter.GetProperty("winRate")));
        Assert.Equal("0.3333|JPY 0.2500,USD 0.1754", Rates(halfYear.GetProperty("winRate")));
        Assert.Equal("null|", Rates(nothing.GetProperty("winRate")));
        Assert.Equal("null|", Rates(declinedOnly.GetProperty("winRate")));
        Assert.Equal(1, declinedOnly.GetProperty("declined").GetInt32());
    }

    [Fact]
    public async Task Summary_CustomRange_IncludesBothDays_AndTheListFilterUnderstandsTheSameRange()
    {
        var client = await SellerClientAsync();
        var contoso = await factory.ContosoAsync();

        var oneDay = await SummaryAsync(client, $"?from={Day(-150)}&to={Day(-150)}");
        var twoDays = await SummaryAsync(client, $"?from={Day(-150)}&to={Day(-149)}");
        var toToday = await SummaryAsync(client, $"?from={Day(-149)}");
        var listed = await (await client.GetAsync(Deals(contoso) + $"?status=Lost&closedFrom={Day(-150)}&closedTo={Day(-150)}", Ct)).JsonAsync();

        Assert.Equal((JsonValueKind.Null, Day(-150), Day(-150)),
            (oneDay.GetProperty("periodDays").ValueKind, oneDay.GetProperty("from").GetString(), oneDay.GetProperty("to").GetString()));
        Assert.Equal("timing=1 JPY 1500000.00", Reasons(oneDay.GetProperty("lostByReason")));
        Assert.Equal("no_decision=1 USD 700.00;timing=1 JPY 1500000.00", Reasons(twoDays.GetProperty("lostByReason")));
        Assert.Equal((2, 3), (toToday.GetProperty("won").GetInt32(), toToday.GetProperty("lost").GetInt32()));
        Assert.Equal("Val Lost Timing JPY", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("customerName").GetString());
    }

    [Theory]
    [InlineData("/close-summary?from=2026-13-01", "validation_failed", "from:invalid_value")]
    [InlineData("/close-summary?from=yesterday", "validation_failed", "from:invalid_value")]
    [InlineData("/close-summary?from=2026-01-01T00:00:00Z", "validation_failed", "from:invalid_value")]
    [InlineData("/close-summary?from=2026-01-01%00", "validation_failed", "from:invalid_value")]
    [InlineData("/close-summary?to={-1}", "validation_failed", "from:required")]
    [InlineData("/close-summary?from={+1}", "deal_period_in_future", "from:deal_period_in_future")]
    [InlineData("/close-summary?from={-1}&to={+1}", "deal_period_in_future", "to:deal_period_in_future")]
    [InlineData("/close-summary?from={-1}&to={-2}", "deal_period_reversed", "to:deal_period_reversed")]
    [InlineData("/close-summary?from={-1827}&to={0}", "deal_period_too_long", "from:deal_period_too_long")]
    [InlineData("/close-summary?period=90&from={-10}", "deal_period_conflict", "period:deal_period_conflict")]
    [InlineData("/close-summary?period=7&from={-10}", "validation_failed", "period:invalid_value")]
    [InlineData("/close-summary.csv?from={-1}&to={-2}", "deal_period_reversed", "to:deal_period_reversed")]
    [InlineData("/close-summary.csv?from=0001-01-01", "deal_period_too_long", "from:deal_period_too_long")]
    [InlineData("?closedFrom=2026/01/01", "validation_failed", "closedFrom:invalid_value")]
    [InlineData("?closedFrom={-1}&closedTo={-3}", "deal_period_reversed", "closedTo:deal_period_reversed")]
    [InlineData("?closedTo={5}&closedFrom={0}", "deal_period_in_future", "closedTo:deal_period_in_future")]
    [InlineData("?closedWithin=90&closedFrom={-10}", "deal_period_conflict", "closedWithin:deal_period_conflict")]
    public async Task Range_BadInput_Answers400WithItsCode_AndWritesNothing(string query, string error, string field)
    {
        var client = await SellerClientAsync();
        var before = await factory.DealStateAsync();
        var url = Deals(await factory.ContosoAsync()) + Regex.Replace(query, @"\{([+-]?\d+)\}", m => Day(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));

        var body = await (await client.GetAsync(url, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, error);

        Assert.Equal([field], body.FieldErrors());
        Assert.Equal(before, await factory.DealStateAsync());
    }

    [Fact]
    public async Task Range_Problem_IsInTheCallersLanguage()
    {
        var client = await SellerClientAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var body = await (await client.GetAsync(Deals(await factory.ContosoAsync()) + $"/close-summary?from={Day(-1)}&to={Day(-2)}", Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, DealErrors.PeriodReversed);

        Assert.Equal("終了日は開始日以降の日付にしてください。", body.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Page_ShowsValuesAndWinRates_AndADashWhenUndefined()
    {
        var page = await SellerPageAsync();

        await page.GetAsync("/Referrals");
        var quarter = page.LastHtml;
        await page.GetAsync($"/Referrals?period=custom&from={Day(-100)}&to={Day(-90)}");
        var empty = page.LastHtml;

        Assert.Contains(">Won: 2</a> <span class=\"amounts\">(500,000 JPY, 1,000.00 USD)</span>", quarter, StringComparison.Ordinal);
        Assert.Contains(">Lost to a competitor: 1</a> <span class=\"amounts\">(3,000.00 USD)</span>", quarter, StringComparison.Ordinal);
        Assert.Contains(">Declined: 1</a> <span class=\"amounts\">(200.00 EUR)</span>", quarter, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"win-rate-count\">50% <span class=\"hint\">2 won, 2 lost</span></dd>", quarter, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"win-rate-value-USD\">USD: 20%", quarter, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"win-rate-value-JPY\">JPY: 100%", quarter, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"win-rate-count\">— ", empty, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"win-rate-value\">—</dd>", empty, StringComparison.Ordinal);
        Assert.Contains($"Deals closed from {Day(-100)} to {Day(-90)} (UTC)", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_CustomRange_LinksCarryTheRange_ToTheFilteredList()
    {
        var page = await SellerPageAsync();
        var (from, to) = (Day(-150), Day(-150));

        await page.GetAsync($"/Referrals?period=custom&from={from}&to={to}");
        var summary = page.LastHtml;
        var link = $"/Referrals?status=Lost&amp;reason=timing&amp;closedFrom={from}&amp;closedTo={to}&amp;period=custom&amp;from={from}&amp;to={to}";
        await page.GetAsync(System.Net.WebUtility.HtmlDecode(link));

        Assert.Contains("<option value=\"custom\" selected=\"selected\">Custom dates</option>", summary, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Referrals?status=Lost&amp;closedFrom={from}&amp;closedTo={to}&amp;period=custom&amp;from={from}&amp;to={to}\">Lost: 1</a>", summary, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}\">Timing: not now: 1</a> <span class=\"amounts\">(1,500,000 JPY)</span>", summary, StringComparison.Ordinal);
        var csv = System.Net.WebUtility.HtmlDecode(Regex.Match(summary, "href=\"(/Referrals\\?[^\"]*handler=Csv[^\"]*)\"").Groups[1].Value);
        Assert.Equal(["from=" + from, "handler=Csv", "period=custom", "to=" + to], csv.Split('?')[1].Split('&').Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("Val Lost Timing JPY", page.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Val Lost Next Day", page.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Val Won USD", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"id=\"list-closedFrom\" name=\"closedFrom\" type=\"date\" value=\"{from}\"", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"from\" value=\"{from}\" />", page.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_BadRange_SaysWhyAtTheField_AndShowsTheDefaultPeriod()
    {
        var page = await SellerPageAsync();

        var reversed = await page.GetAsync($"/Referrals?period=custom&from={Day(-1)}&to={Day(-2)}");
        var reversedHtml = page.LastHtml;
        await page.GetAsync("/Referrals?period=custom");
        var missing = page.LastHtml;
        await page.GetAsync($"/Referrals?closedWithin=90&closedFrom={Day(-3)}");
        var conflict = page.LastHtml;

        Assert.Equal(HttpStatusCode.OK, reversed.StatusCode);
        Assert.Contains("<span id=\"summary-to-error\" class=\"field-error\">The end date must be on or after the start date.</span>", reversedHtml, StringComparison.Ordinal);
        Assert.Contains("id=\"summary-to\" name=\"to\" type=\"date\" value=\"" + Day(-2) + "\"", reversedHtml, StringComparison.Ordinal);
        Assert.Matches("id=\"summary-to\"[^>]*aria-invalid=\"true\"", reversedHtml);
        Assert.Contains($"Deals closed from {Day(-90)} to {Day(0)} (UTC)", reversedHtml, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#summary-from\">From: This field is required.</a>", missing, StringComparison.Ordinal);
        Assert.Contains("Choose either a number of days or dates, not both.", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ReasonFilter_IsGroupedByOutcome_InBothLanguages()
    {
        var english = await SellerPageAsync();
        var japanese = await SellerPageAsync("ja-JP");

        await english.GetAsync("/Referrals?reason=no_budget");
        await japanese.GetAsync("/Referrals");

        var select = Regex.Match(english.LastHtml, "<select id=\"reason-filter\" name=\"reason\">(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        var groups = Regex.Matches(select, "<optgroup label=\"([^\"]+)\">(.*?)</optgroup>", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value + ":" + string.Join(",", Regex.Matches(m.Groups[2].Value, "value=\"([^\"]+)\"").Select(v => v.Groups[1].Value)))
            .ToList();
        Assert.Equal(
            ["Reasons for declining:not_a_fit,customer_not_interested,duplicate,insufficient_information,outside_our_region",
                "Reasons for losing:lost_to_competitor,no_budget,no_decision,customer_unresponsive,timing"],
            groups);
        Assert.Matches("</optgroup>\\s*<option value=\"other\">Other</option>\\s*$", select);
        Assert.Contains("<option value=\"no_budget\" selected=\"selected\">No budget</option>", select, StringComparison.Ordinal);
        Assert.Contains("<optgroup label=\"辞退の理由\">", japanese.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<optgroup label=\"失注の理由\">", japanese.LastHtml, StringComparison.Ordinal);
    }

    private static IReadOnlyList<IReadOnlyList<string>> ParseCsv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return [.. Csv.Parse(Encoding.UTF8.GetString(bytes[3..])).Select(r => r.Fields)];
    }

    private static string Line(IReadOnlyList<string> row) => string.Join("|", row);

    [Fact]
    public async Task Csv_Api_HoldsTheSummaryOfTheCallersDealsOnly_AndIsAudited()
    {
        var seller = await SellerAsync();
        var client = await SellerClientAsync();
        var auditsBefore = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.DealCloseSummaryExported, Ct));

        var response = await client.GetAsync(Deals(await factory.ContosoAsync()) + "/close-summary.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"deals-close-summary-{Day(-90)}-{Day(0)}.csv", response.Content.Headers.ContentDisposition?.FileName);
        var rows = ParseCsv(await response.Content.ReadAsByteArrayAsync(Ct)).Select(Line).ToList();
        Assert.Equal(
            [
                "Section|Item|Deals|Currency|Value|Win rate (%)",
                $"Period|{Day(-90)} – {Day(0)}",
                "Deals included|Your own deals",
                "Closed deals by outcome|Won|1|JPY|500000",
                "Closed deals by outcome|Won|1|USD|1000.00",
                "Closed deals by outcome|Lost|2|USD|4000.00",
                "Closed deals by outcome|Declined|1|EUR|200.00",
                "Lost, by reason|Lost to a competitor|1|USD|3000.00",
                "Lost, by reason|No budget|1|USD|1000.00",
                "Declined, by reason|Duplicate of another referral|1|EUR|200.00",
                "Win rate|Win rate by count|4|||50.0",
                "Win rate|Win rate by value||JPY|500000|100.0",
                "Win rate|Win rate by value||USD|5000.00|20.0",
            ],
            rows);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.DealCloseSummaryExported).OrderByDescending(e => e.Id).FirstAsync(Ct));
        Assert.Equal(auditsBefore + 1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.DealCloseSummaryExported, Ct)));
        Assert.Equal((seller.Id, await factory.ContosoAsync()), (audit.ActorAccountId, audit.TargetOrganizationId));
        Assert.Contains($"\"from\":\"{Day(-90)}\",\"to\":\"{Day(0)}\",\"scope\":\"own\"", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_AsOrganizationAdmin_CountsEveryonesDeals()
    {
        await SellerAsync();
        var alex = await factory.ReferralsClientAsync(Alex);

        var response = await alex.GetAsync(Deals(await factory.ContosoAsync()) + "/close-summary.csv?period=30", Ct);

        var rows = ParseCsv(await response.Content.ReadAsByteArrayAsync(Ct)).Select(Line).ToList();
        // Note: Taylor's won 21,000.00 USD (demo data) and the seller's 1,000.00 USD, in one USD total.
        Assert.Contains("Closed deals by outcome|Won|2|USD|22000.00", rows);
        Assert.Contains("Deals included|All deals of the organization", rows);
    }

    [Fact]
    public async Task Csv_Page_DownloadsTheSameRange_AndALocationAdminSeesOnlyTheirLocation()
    {
        var page = await SellerPageAsync();
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, await factory.LocationIdAsync(contoso, "Tokyo"), "Tama Tokyo");
        var tokyoPage = new PageClient(factory);
        await tokyoPage.SignInAsync(tokyo.Email!, Builders.GoodPassword);

        var response = await page.Http.GetAsync($"/Referrals?handler=Csv&period=custom&from={Day(-150)}&to={Day(-149)}", Ct);
        var tokyoCsv = await tokyoPage.Http.GetAsync("/Referrals?handler=Csv&period=365", Ct);
        var bad = await page.GetAsync($"/Referrals?handler=Csv&period=custom&from={Day(-1)}&to={Day(-2)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"deals-close-summary-{Day(-150)}-{Day(-149)}.csv", response.Content.Headers.ContentDisposition?.FileName);
        var rows = ParseCsv(await response.Content.ReadAsByteArrayAsync(Ct)).Select(Line).ToList();
        Assert.Contains("Closed deals by outcome|Lost|1|JPY|1500000", rows);
        Assert.Contains("Closed deals by outcome|Lost|1|USD|700.00", rows);
        Assert.Contains("Closed deals by outcome|Won|0", rows);
        Assert.Contains("Win rate|Win rate by count|2|||0.0", rows);
        var tokyoRows = ParseCsv(await tokyoCsv.Content.ReadAsByteArrayAsync(Ct)).Select(Line).ToList();
        Assert.Contains("Deals included|Deals of your locations, and your own deals", tokyoRows);
        Assert.Equal(["Won|0", "Lost|0", "Declined|0"], tokyoRows.Where(r => r.StartsWith("Closed deals by outcome|", StringComparison.Ordinal)).Select(r => r[24..]).ToList());
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Equal("text/html", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The end date must be on or after the start date.", page.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_OfTheSummary_ExistInBothLanguages_AndDiffer()
    {
        var keys = new[]
        {
            "Deals.CustomPeriod", "Deals.Field.from", "Deals.Field.to", "Deals.Field.closedFrom", "Deals.Field.closedTo", "Deals.RangeHint", "Deals.Showing",
            "Deals.DownloadCsv", "Deals.WinRate", "Deals.WinRateByCount", "Deals.WinRateByValue", "Deals.WinRateOf", "Deals.WinRateValueOf", "Deals.WinRateHint",
            "Deals.DeclineReasons", "Deals.LostReasons", "Deals.Csv.Section", "Deals.Csv.Item", "Deals.Csv.Deals", "Deals.Csv.Currency", "Deals.Csv.Value",
            "Deals.Csv.Rate", "Deals.Csv.Scope", "Deals.Csv.ScopeOrganization", "Deals.Csv.ScopeLocations", "Deals.Csv.ScopeOwn",
            "Error." + DealErrors.PeriodInFuture, "Error." + DealErrors.PeriodReversed, "Error." + DealErrors.PeriodTooLong, "Error." + DealErrors.PeriodConflict,
            "AuditType." + AuditEventType.DealCloseSummaryExported,
        };
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
        Assert.Null(english.GetString("Deals.Field.reason"));
        Assert.Null(english.GetString("Deals.ReasonHint"));
    }
}
