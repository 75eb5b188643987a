using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using Portico.Web.Features.Marketplace.Payouts;
using static Portico.Tests.Payouts.PayoutsTestKit;

namespace Portico.Tests.Payouts;

/// <summary>The Payouts page: the menu entry, the statements with the hold reason, and the account form that never shows the full number.</summary>
public sealed partial class PayoutsPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string password = DemoData.Password, PortalFactory? portal = null)
    {
        var client = new PageClient(portal ?? factory);
        await client.SignInAsync(email, password);
        return client;
    }

    private static Dictionary<string, string> Fields(string holder, string number, string version = "") => new()
    {
        ["Input.HolderName"] = holder,
        ["Input.BankCountry"] = "jp",
        ["Input.AccountNumber"] = number,
        ["Input.Currency"] = "JPY",
        ["Input.TaxForm"] = "NotSubmitted",
        ["Input.Version"] = version,
    };

    [Fact]
    public async Task Menu_ShowsPayoutsOnlyToRolesThatOpenIt()
    {
        var casey = await SignedInAsync(Casey);
        var account = await factory.AWorkAccountAsync(await factory.ContosoAsync(), Builders.UniqueEmail("payouts", "contoso.example"), displayName: "Referrals user", roles: [Roles.ReferralsUser]);
        var taylor = await SignedInAsync(account.Email!, Builders.GoodPassword);

        await casey.GetAsync("/");
        await taylor.GetAsync("/");

        Assert.Contains("href=\"/Marketplace/Payouts\"", casey.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Marketplace/Payouts\"", taylor.LastHtml, StringComparison.Ordinal);
        var denied = await taylor.GetAsync("/Marketplace/Payouts");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("capability=payouts", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_AsFinancialContributor_ShowsStatementsTotalsAndTheHold()
    {
        var casey = await SignedInAsync(Casey);

        var response = await casey.GetAsync("/Marketplace/Payouts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(OfferDemoData.PublishedOffer, casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Tax profile incomplete", casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("No payout account is set yet", casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("11,640.00 USD", casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("/payouts.csv", casey.LastHtml, StringComparison.Ordinal);
        await casey.GetAsync("/Marketplace/Payouts?status=Sent");
        Assert.DoesNotContain("Tax profile incomplete", casey.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountForm_CreateThenKeepNumber_SavesShowsOnlyTheMaskAndAudits()
    {
        // Note: a portal of its own, so the shared one keeps Contoso without a payout account for the other tests.
        await using var portal = new DemoPortalFactory();
        var devon = await SignedInAsync(Devon, portal: portal);
        var contoso = await portal.ContosoAsync();

        var invalid = await devon.PostFormAsync("/Marketplace/Payouts", Fields("", "0012345678"));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("Account holder name: This field is required.", devon.LastHtml, StringComparison.Ordinal);
        Assert.False(await portal.WithDbAsync(db => db.PayoutAccounts.AnyAsync(Ct)));

        var created = await devon.PostFormAsync("/Marketplace/Payouts", Fields("コントソ株式会社", "0012345678"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await devon.GetAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("•••• 5678", devon.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("0012345678", devon.LastHtml, StringComparison.Ordinal);
        var version = VersionField().Match(devon.LastHtml).Groups[1].Value;
        Assert.NotEmpty(version);

        var kept = await devon.PostFormAsync("/Marketplace/Payouts", Fields("Contoso KK", "", version));
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
        var account = await portal.WithDbAsync(db => db.PayoutAccounts.AsNoTracking().SingleAsync(a => a.OrganizationId == contoso, Ct));
        Assert.Equal(("Contoso KK", "0012345678", "JP", "JPY"), (account.HolderName, account.AccountNumber, account.BankCountry, account.Currency));
        Assert.Equal(2, await portal.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.PayoutAccountChanged && e.TargetOrganizationId == contoso, Ct)));

        var stale = await devon.PostFormAsync("/Marketplace/Payouts", Fields("Stale", "", version));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Someone changed the payout account at the same time", devon.LastHtml, StringComparison.Ordinal);
        Assert.Equal("Contoso KK", await portal.WithDbAsync(db => db.PayoutAccounts.Select(a => a.HolderName).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Page_InJapanese_ShowsJapaneseMenuAndHeadings()
    {
        var casey = await SignedInAsync(Casey);
        casey.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        await casey.GetAsync("/Marketplace/Payouts");

        Assert.Contains(">支払い<", casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("支払い明細", casey.LastHtml, StringComparison.Ordinal);
        Assert.Contains("税務プロファイルが不完全です", casey.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_EveryPayoutsKey_ExistsInEnglishAndJapanese()
    {
        string[] fields = ["holderName", "bankCountry", "accountNumber", "currency", "taxForm", "period", "offer", "status", "holdReason", "paidOn", "gross", "fee", "net", "version"];
        var keys = Enum.GetNames<PayoutStatus>().Select(n => "PayoutStatus." + n)
            .Concat(Enum.GetNames<TaxFormStatus>().Select(n => "TaxFormStatus." + n))
            .Concat(PayoutHoldReasons.All.Select(r => "PayoutHold." + r))
            .Concat(fields.Select(f => "Payouts.Field." + f))
            .Concat(new[] { "Error." + PayoutErrors.PayoutAccountChanged, "Error." + PayoutErrors.PayoutAccountMissing, "Nav.Payouts",
                "AuditType." + AuditEventType.PayoutAccountChanged, "AuditType." + AuditEventType.PayoutStatementRecorded,
                "Email.PayoutAccountChanged.Subject", "Email.PayoutAccountChanged.Body" })
            .Concat(new[] { "Title", "Intro", "AccountHeading", "NoAccount", "CountryHint", "NumberHint", "NumberKeepHint", "ChooseCurrency", "SaveAccount",
                "AccountSaved", "StatementsHeading", "TotalsHeading", "AllStatuses", "Filter", "Export", "Empty", "NoOffer", "Pages" }.Select(k => "Payouts." + k))
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("name=\"Input.Version\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex VersionField();
}
