using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>
/// "Why deals close" on the Referrals list and its API, per role and location scope, over the demo deals (closed in the
/// last 20 days: Won at Seattle and Lost to a competitor at Seattle, both Taylor's; Lost for timing and Declined as outside
/// our region, both Mika's and organization-wide), the reason filter, and the reason on the pages in both languages.
/// </summary>
/// <remarks>Note: no test here closes a demo deal, so every test sees the same counts whatever the order.</remarks>
public sealed class DealCloseSummaryTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> SummaryAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync(Deals(await factory.ContosoAsync()) + "/close-summary" + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static (int Won, int Lost, int Declined, string Lost_, string Declined_) Counts(JsonElement s) =>
        (s.GetProperty("won").GetInt32(), s.GetProperty("lost").GetInt32(), s.GetProperty("declined").GetInt32(), Reasons(s.GetProperty("lostByReason")),
            Reasons(s.GetProperty("declinedByReason")));

    private static string Reasons(JsonElement list) =>
        string.Join(",", list.EnumerateArray().Select(r => r.GetProperty("reason").GetString() + "=" + r.GetProperty("count").GetInt32()).Order(StringComparer.Ordinal));

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US")
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var posted = await client.PostFormAsync("/SignIn", [new("Input.Email", email), new("Input.Password", DemoData.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        if (posted.Headers.Location!.OriginalString.StartsWith("/SignIn/ChooseAccount", StringComparison.Ordinal))
        {
            await client.GetAsync(posted.Headers.Location.OriginalString);
            var work = Html.PostForms(client.LastHtml).Single(f => f.Fields.ContainsKey("accountId") && f.Text.Contains("Work account", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Redirect, (await client.Http.PostAsync("/SignIn/ChooseAccount", work.Submit(), Ct)).StatusCode);
        }

        return client;
    }

    [Fact]
    public async Task Summary_AsOrganizationReferralsAdmin_CountsEveryClosedDealByOutcomeAndReason()
    {
        var summary = await SummaryAsync(await factory.ReferralsClientAsync(Mika));

        Assert.Equal(90, summary.GetProperty("periodDays").GetInt32());
        Assert.Equal((1, 2, 1, "lost_to_competitor=1,timing=1", "outside_our_region=1"), Counts(summary));
    }

    [Fact]
    public async Task Summary_AsReferralsUser_CountsOwnDealsOnly()
    {
        var summary = await SummaryAsync(await factory.ReferralsClientAsync(Taylor));

        Assert.Equal((1, 1, 0, "lost_to_competitor=1", ""), Counts(summary));
    }

    [Fact]
    public async Task Summary_AsLocationAdmins_CountsTheirLocationsDealsOnly()
    {
        var contoso = await factory.ContosoAsync();
        var seattle = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, await factory.LocationIdAsync(contoso, "Seattle"), "Sky Seattle");
        var tokyo = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, await factory.LocationIdAsync(contoso, "Tokyo"), "Toshi Tokyo");

        var atSeattle = await SummaryAsync(await factory.ReferralsClientAsync(seattle.Email!, Builders.GoodPassword));
        var atTokyo = await SummaryAsync(await factory.ReferralsClientAsync(tokyo.Email!, Builders.GoodPassword));

        Assert.Equal((1, 1, 0, "lost_to_competitor=1", ""), Counts(atSeattle));
        Assert.Equal((0, 0, 0, "", ""), Counts(atTokyo));
    }

    [Fact]
    public async Task Summary_Period_CountsOnlyDealsClosedInIt()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var admin = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, tokyo, "Tomo Period");
        var now = factory.Time.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            db.Deals.Add(new Deal
            {
                OrganizationId = contoso, CustomerName = "Closed Long Ago KK", ContactName = "Aoi", ContactEmail = "aoi@long-ago.example", Description = "d",
                ValueMinor = 100_00, Currency = "USD", ExpectedCloseDate = DateOnly.FromDateTime(now), Status = DealStatus.Lost,
                CloseReason = DealCloseReasons.NoBudget, OwnerAccountId = admin.Id, LocationId = tokyo, CreatedByAccountId = admin.Id,
                CreatedUtc = now.AddDays(-200), UpdatedUtc = now.AddDays(-100), ClosedUtc = now.AddDays(-100),
            });
            return await db.SaveChangesAsync(Ct);
        });
        var client = await factory.ReferralsClientAsync(admin.Email!, Builders.GoodPassword);

        var quarter = await SummaryAsync(client);
        var halfYear = await SummaryAsync(client, "?period=180");
        var listed = await (await client.GetAsync(Deals(contoso) + "?status=Lost&reason=no_budget&closedWithin=180", Ct)).JsonAsync();
        var notListed = await (await client.GetAsync(Deals(contoso) + "?status=Lost&reason=no_budget&closedWithin=90", Ct)).JsonAsync();

        Assert.Equal((0, 0, 0, "", ""), Counts(quarter));
        Assert.Equal((0, 1, 0, "no_budget=1", ""), Counts(halfYear));
        Assert.Equal("Closed Long Ago KK", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("customerName").GetString());
        Assert.Equal(0, notListed.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("/close-summary?period=7", "period:invalid_value")]
    [InlineData("/close-summary?period=abc", "period:out_of_range")]
    [InlineData("/close-summary?period=-90", "period:out_of_range")]
    [InlineData("?reason=bogus", "reason:invalid_value")]
    [InlineData("?reason=NO_BUDGET", "reason:invalid_value")]
    [InlineData("?closedWithin=45", "closedWithin:invalid_value")]
    [InlineData("?closedWithin=9999", "closedWithin:out_of_range")]
    public async Task SummaryAndList_BadQuery_Answer400(string query, string field)
    {
        var client = await factory.ReferralsClientAsync(Mika);

        var body = await (await client.GetAsync(Deals(await factory.ContosoAsync()) + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(field, body.FieldErrors());
    }

    [Fact]
    public async Task List_ReasonFilter_ShowsOnlyDealsClosedWithThatReason_WithinTheCallersScope()
    {
        var contoso = await factory.ContosoAsync();

        var mika = await (await (await factory.ReferralsClientAsync(Mika)).GetAsync(Deals(contoso) + "?reason=timing", Ct)).JsonAsync();
        var taylor = await (await (await factory.ReferralsClientAsync(Taylor)).GetAsync(Deals(contoso) + "?reason=timing", Ct)).JsonAsync();
        var declined = await (await (await factory.ReferralsClientAsync(Mika)).GetAsync(Deals(contoso) + "?reason=outside_our_region", Ct)).JsonAsync();

        var tailspin = Assert.Single(mika.GetProperty("items").EnumerateArray());
        Assert.Equal(("Tailspin Toys", "timing", "The customer chose to extend its current hosting contract for a year."),
            (tailspin.GetProperty("customerName").GetString(), tailspin.GetProperty("closeReason").GetString(), tailspin.GetProperty("closeNote").GetString()));
        Assert.Equal(0, taylor.GetProperty("total").GetInt32());
        Assert.Equal("Graphic Design Institute", Assert.Single(declined.GetProperty("items").EnumerateArray()).GetProperty("customerName").GetString());
    }

    [Fact]
    public async Task ReferralsPage_AsAdmin_ShowsWhyDealsClose_WithLinksToTheFilteredList()
    {
        // Note: Mika reads the portal in Japanese whatever the browser asks; Alex (Global admin) sees every deal too.
        var admin = await SignedInAsync(Alex);

        await admin.GetAsync("/Referrals");

        Assert.Contains("Why deals close", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Referrals?status=Lost&amp;closedWithin=90&amp;period=90\">Lost: 2</a>", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Referrals?status=Won&amp;closedWithin=90&amp;period=90\">Won: 1</a>", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Referrals?status=Declined&amp;reason=outside_our_region&amp;closedWithin=90&amp;period=90\">Outside our region: 1</a>", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Referrals?status=Lost&amp;reason=lost_to_competitor&amp;closedWithin=90&amp;period=90\">Lost to a competitor: 1</a>", admin.LastHtml, StringComparison.Ordinal);

        await admin.GetAsync("/Referrals?status=Lost&reason=lost_to_competitor&closedWithin=90&period=90");

        Assert.Contains("Humongous Insurance", admin.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Tailspin Toys", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"lost_to_competitor\" selected=\"selected\">Lost to a competitor</option>", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralsPage_AsReferralsUser_ShowsTheSummaryOfOwnDeals_AndTheReasonInTheList()
    {
        var taylor = await SignedInAsync(Taylor);

        await taylor.GetAsync("/Referrals?period=30");

        Assert.Contains("Your deals that were won, lost or declined", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains(">Lost: 1</a>", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains(">Declined: 0</a>", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"30\" selected=\"selected\">Last 30 days</option>", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<td>Lost</td>", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Lost to a competitor", taylor.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Outside our region", taylor.LastHtml.Split("reason-filter")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DealPage_ShowsTheLocalizedReasonAndNote_InBothLanguages()
    {
        var id = await factory.DemoDealIdAsync("Graphic Design Institute");
        var english = await SignedInAsync(Alex);
        var japanese = await SignedInAsync(Mika);

        await english.GetAsync($"/Referrals/Deal/{id}");
        await japanese.GetAsync($"/Referrals/Deal/{id}");

        Assert.Contains("<dt>Close reason</dt><dd>Outside our region</dd>", english.LastHtml, StringComparison.Ordinal);
        Assert.Contains("we pointed them to a local partner.", english.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<dt>クローズ理由</dt><dd>対応地域外</dd>", japanese.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DealPage_OffersTheReasonsOfTheMoveOnly()
    {
        var active = await factory.DemoDealIdAsync("Litware Inc.");
        var fresh = await factory.DemoDealIdAsync("Adatum Corporation");
        var taylor = await SignedInAsync(Taylor);

        await taylor.GetAsync($"/Referrals/Deal/{active}");
        var lostForm = taylor.LastHtml;
        await taylor.GetAsync($"/Referrals/Deal/{fresh}");
        var declineForm = taylor.LastHtml;

        Assert.Contains("<option value=\"no_budget\">No budget</option>", lostForm, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"not_a_fit\"", lostForm, StringComparison.Ordinal);
        Assert.Contains("<option value=\"not_a_fit\">Not a fit for our offerings</option>", declineForm, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"no_budget\"", declineForm, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_OfCloseReasons_ExistInBothLanguages_AndDiffer()
    {
        var keys = DealCloseReasons.All.Select(r => "DealCloseReason." + r)
            .Concat(typeof(DealErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(new[]
            {
                "Deals.Field.closeReason", "Deals.Field.note", "Deals.ChooseReason", "Deals.DeclineReasonHint", "Deals.LostReasonHint", "Deals.NoteHint",
                "Deals.CloseHeading", "Deals.CloseIntroAdmin", "Deals.CloseIntroUser", "Deals.Period", "Deals.LastDays", "Deals.Show", "Deals.Outcomes",
                "Deals.LostByReason", "Deals.DeclinedByReason", "Deals.NoneInPeriod", "Deals.AllReasons", "Deals.ClosedWithin", "Deals.AnyTime",
            })
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [Fact]
    public async Task DemoPartnerProgramAdmin_SignsIn_AndOpensThePartnerProgramPages()
    {
        var parker = await SignedInAsync("parker.program@contoso.example");

        foreach (var (url, text) in new[] { ("/Benefits", "href=\"/Benefits\""), ("/Designations", "href=\"/Designations\""), ("/Insights", "href=\"/Insights\"") })
        {
            var response = await parker.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Contains(text, parker.LastHtml, StringComparison.Ordinal);
        }

        var denied = await parker.GetAsync("/Referrals");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parkerId = (await factory.AccountAsync("parker.program@contoso.example")).Id;
        var roles = await factory.WithDbAsync(db => db.RoleAssignments.Where(r => r.AccountId == parkerId).Select(r => r.Role).ToListAsync(Ct));
        Assert.Equal([Roles.PartnerProgramAdmin], roles);
    }
}
