using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>The Referrals pages driven like a browser without JavaScript, and the area's strings in both languages.</summary>
public sealed partial class DealsPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    /// <summary>The description field (a textarea, which <see cref="Html"/> does not read back from the page).</summary>
    private static readonly (string, string) Description = ("Input.Description", "Travel booking platform on the cloud.");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    private static List<KeyValuePair<string, string>> NewDealFields(string customer) =>
    [
        new("Input.CustomerName", customer),
        new("Input.ContactName", "Robin Sato"),
        new("Input.ContactEmail", "robin.sato@margie.example"),
        new("Input.Description", "Travel booking platform on the cloud.\nPhase one: search."),
        new("Input.Value", "48,000.25"),
        new("Input.Currency", "USD"),
        new("Input.ExpectedCloseDate", "2027-01-15"),
        new("Input.LocationId", ""),
    ];

    [Fact]
    public async Task ReferralsPage_AsReferralsUser_ListsOwnDeals_AndTheMenuLinksIt()
    {
        var taylor = await SignedInAsync(Taylor);

        var page = await taylor.GetAsync("/Referrals");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/Referrals\"", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Litware Inc.", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("48,000.00 USD", taylor.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Tailspin Toys", taylor.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Input.OwnerId\"", taylor.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralsPage_StatusFilter_ShowsOnlyThatStatus()
    {
        var mika = await SignedInAsync(Mika);

        await mika.GetAsync("/Referrals?status=Lost");

        Assert.Contains("Tailspin Toys", mika.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Litware Inc.", mika.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralsPage_InJapanese_ShowsJapaneseLabels()
    {
        var mika = await SignedInAsync(Mika, "ja-JP");

        await mika.GetAsync("/Referrals");

        Assert.Contains("新しい案件", mika.LastHtml, StringComparison.Ordinal);
        Assert.Contains("成約予定日", mika.LastHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.OwnerId\"", mika.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewDealForm_CreatesADealOwnedByTheUser_AndRedirectsToIt()
    {
        var taylor = await SignedInAsync(Taylor);
        var taylorId = (await factory.AccountAsync(Taylor)).Id;

        var response = await taylor.PostFormAsync("/Referrals", NewDealFields("Margie's Travel"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var deal = await factory.WithDbAsync(db => db.Deals.SingleAsync(d => d.CustomerName == "Margie's Travel", Ct));
        Assert.Equal($"/Referrals/Deal/{deal.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal((taylorId, 4_800_025L, DealStatus.New), (deal.OwnerAccountId, deal.ValueMinor, deal.Status));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.DealCreated && e.Details!.Contains(deal.Id.ToString()), Ct)));

        await taylor.GetAsync(response.Headers.Location.OriginalString);
        Assert.Contains("The deal with Margie&#x27;s Travel was created.", taylor.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewDealForm_WithMissingAndBadFields_ShowsErrors_AndWritesNothing()
    {
        var taylor = await SignedInAsync(Taylor);
        var before = await factory.DealStateAsync();
        var fields = NewDealFields("").Select(f => f.Key == "Input.Value" ? new KeyValuePair<string, string>(f.Key, "lots") : f).ToList();

        var response = await taylor.PostFormAsync("/Referrals", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Estimated value: This value is not valid.", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.DealStateAsync());

        fields = NewDealFields("");
        await taylor.PostFormAsync("/Referrals", fields);
        Assert.Contains("Customer company: This field is required.", taylor.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.DealStateAsync());
    }

    [Fact]
    public async Task DealPage_EditsAndMovesTheDeal_ThroughItsForms()
    {
        var taylor = await SignedInAsync(Taylor);
        await taylor.PostFormAsync("/Referrals", NewDealFields("Coho Winery"));
        var id = await factory.DemoDealIdAsync("Coho Winery");
        var url = $"/Referrals/Deal/{id}";

        await taylor.GetAsync(url);
        var edit = Html.FormWith(taylor.LastHtml, "Input.Version");
        var saved = await taylor.Http.PostAsync(edit.Action, edit.Submit(("Input.CustomerName", "Coho Winery Ltd."), ("Input.Value", "52000"), Description), Ct);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var deal = await factory.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id, Ct));
        Assert.Equal(("Coho Winery Ltd.", 5_200_000L), (deal.CustomerName, deal.ValueMinor));

        await taylor.GetAsync(url);
        var status = Html.FormWith(taylor.LastHtml, "status");
        var moved = await taylor.Http.PostAsync(status.Action, status.Submit(("status", "Active")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(DealStatus.Active, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));

        await taylor.GetAsync(url);
        status = Html.FormWith(taylor.LastHtml, "status");
        var refused = await taylor.Http.PostAsync(status.Action, status.Submit(("status", "Lost"), ("closeReason", "")), Ct);
        var html = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Close reason: This field is required.", html, StringComparison.Ordinal);
        Assert.Equal(DealStatus.Active, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task DealPage_StaleEdit_ShowsTheConflict_AndKeepsTheNewerChange()
    {
        var taylor = await SignedInAsync(Taylor);
        await taylor.PostFormAsync("/Referrals", NewDealFields("Lucerne Publishing"));
        var id = await factory.DemoDealIdAsync("Lucerne Publishing");
        await taylor.GetAsync($"/Referrals/Deal/{id}");
        var stale = Html.FormWith(taylor.LastHtml, "Input.Version");
        Assert.Equal(HttpStatusCode.Redirect, (await taylor.Http.PostAsync(stale.Action, stale.Submit(("Input.CustomerName", "Lucerne Publishing A"), Description), Ct)).StatusCode);

        var second = await taylor.Http.PostAsync(stale.Action, stale.Submit(("Input.CustomerName", "Lucerne Publishing B"), Description), Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Someone else changed this deal since you opened it.", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("Lucerne Publishing A", await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.CustomerName).SingleAsync(Ct)));
    }

    [Fact]
    public async Task DealPage_OfSomeoneElsesDeal_IsNotFound_ForAReferralsUser_ButOpensForTheAdmin()
    {
        var id = await factory.DemoDealIdAsync("株式会社フォース");
        var taylor = await SignedInAsync(Taylor);
        var alex = await SignedInAsync(Alex);

        var hidden = await taylor.GetAsync($"/Referrals/Deal/{id}");
        var shown = await alex.GetAsync($"/Referrals/Deal/{id}");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("中村 翔", alex.LastHtml, StringComparison.Ordinal);
        Assert.Contains("18,000,000 JPY", alex.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferralsPage_ForAccountWithoutReferralsRole_IsDeniedWithTheExplanation()
    {
        var sam = await SignedInAsync(Sam);

        var denied = await sam.GetAsync("/Referrals");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryReferralsString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var folder = Path.Combine(root, "src", "Portico.Web", "Features", "Referrals");
        var used = Directory.GetFiles(folder, "*.cshtml").Concat(Directory.GetFiles(folder, "*.cs"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        var keys = used
            .Concat(typeof(DealErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(Enum.GetNames<DealStatus>().Select(s => "DealStatus." + s))
            .Concat(DealCloseReasons.All.Select(r => "DealCloseReason." + r))
            .Concat(Enum.GetValues<AuditEventType>().Where(t => (int)t is >= 1100 and < 1110).Select(t => "AuditType." + t))
            .Concat(new[] { "customerName", "contactName", "contactEmail", "description", "value", "currency", "expectedCloseDate", "ownerId", "locationId", "status", "closeReason", "note", "version" }
                .Select(f => "Deals.Field." + f))
            .Append("Nav.Referrals")
            .Distinct()
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 50, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyPattern();
}
