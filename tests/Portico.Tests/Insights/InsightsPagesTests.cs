using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Referrals;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Insights;
using static Portico.Tests.Insights.InsightsTestKit;

namespace Portico.Tests.Insights;

/// <summary>The Insights page driven like a browser without JavaScript, its CSV download, and the area's strings in both languages.</summary>
public sealed partial class InsightsPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US", string password = DemoData.Password)
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(email, password);
        return client;
    }

    [Fact]
    public async Task InsightsPage_AsExecutive_ShowsTablesAndRevenue_AndTheMenuLinksIt()
    {
        var erin = await SignedInAsync(Erin);

        var page = await erin.GetAsync("/Insights");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/Insights\"", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Deals by status", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Revenue", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("173,000.50 USD", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("33.3", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Offers by type", erin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Insights?handler=Csv&amp;report=referrals&amp;period=12m\"", erin.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"role\" value=\"ExecutiveReportViewer\"", erin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsightsPage_AsReportViewer_HidesMoney_AndRequestAccessAsksForExecutiveRole()
    {
        var noah = await SignedInAsync(Noah);
        var account = await factory.AccountAsync(Noah);

        await noah.GetAsync("/Insights");

        Assert.Contains("Deals by status", noah.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(" USD<", noah.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Pipeline value", noah.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Revenue figures (pipeline value, won value, average deal size) need the Executive report viewer role, for the organization", noah.LastHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"role\" value=\"ExecutiveReportViewer\"", noah.LastHtml, StringComparison.Ordinal);
        Assert.Matches(new Regex("id=\"revenue-note\".*?<form method=\"post\" action=\"/Access\\?handler=Request\"(?:(?!</form>).)*__RequestVerificationToken", RegexOptions.Singleline), noah.LastHtml);

        var posted = await noah.PostFormAsync("/Insights", [new("role", Roles.ExecutiveReportViewer), new("returnUrl", "/Insights")], "/Access?handler=Request");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var request = await factory.WithDbAsync(db => db.AccessRequests.SingleAsync(r => r.RequesterId == account.Id, Ct));
        Assert.Equal(Roles.ExecutiveReportViewer, request.Role);
    }

    [Fact]
    public async Task InsightsPage_AsLocationViewer_SaysWhichLocations_AndWhyNoMarketplace()
    {
        var contoso = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        var seattle = await factory.LocationIdAsync(contoso, "Seattle");
        var viewer = await factory.ContosoViewerAsync("Seattle Viewer", (Roles.ReportViewer, seattle));
        var client = await SignedInAsync(viewer.Email!, password: Builders.GoodPassword);

        await client.GetAsync("/Insights");

        Assert.Contains("You see the deals of these locations only: Seattle.", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Marketplace report needs an Insights role for the organization", client.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Tokyo", client.LastHtml, StringComparison.Ordinal);
        var csv = await client.GetAsync("/Insights?handler=Csv&report=marketplace");
        Assert.Equal(HttpStatusCode.Redirect, csv.StatusCode);
        Assert.StartsWith("/AccessDenied", csv.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsightsPage_AsJapaneseViewerOfEmptyOrganization_ReadsWellEmpty()
    {
        var jun = await SignedInAsync(Jun, "ja-JP");

        var page = await jun.GetAsync("/Insights?period=90d");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("この期間に作成またはクローズされた案件はありません。", jun.LastHtml, StringComparison.Ordinal);
        Assert.Contains("この期間に作成または公開されたオファーはありません。", jun.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"90d\" selected=\"selected\">過去 90 日間</option>", jun.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", jun.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InsightsPage_WithUnknownPeriod_FallsBackToTwelveMonths()
    {
        var noah = await SignedInAsync(Noah);

        var page = await noah.GetAsync("/Insights?period=%01bogus");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<option value=\"12m\" selected=\"selected\">", noah.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvDownload_ThroughThePage_IsAuditedWithTheSignedInActor()
    {
        var erin = await SignedInAsync(Erin);
        var account = await factory.AccountAsync(Erin);

        var response = await erin.Http.GetAsync("/Insights?handler=Csv&report=marketplace&period=90d", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("Section,Item,Count\r\n", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        var row = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.InsightsReportExported).OrderByDescending(e => e.Id).FirstAsync(Ct));
        Assert.Equal(account.Id, row.ActorAccountId);
        Assert.Contains("\"report\":\"marketplace\"", row.Details, StringComparison.Ordinal);
        Assert.Contains("\"period\":\"90d\"", row.Details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await erin.GetAsync("/Insights?handler=Csv&report=audit")).StatusCode);
    }

    [Fact]
    public async Task InsightsPage_WithoutInsightsRole_IsExplainedAccessDenied()
    {
        var taylor = new PageClient(factory);
        await taylor.SignInAsync("sam.lee@contoso.example", DemoData.Password);

        var page = await taylor.GetAsync("/Insights");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/AccessDenied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await taylor.GetAsync("/");
        Assert.DoesNotContain("href=\"/Insights\"", taylor.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryInsightsString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var folder = Path.Combine(root, "src", "Portico.Web", "Features", "Insights");
        var used = Directory.GetFiles(folder, "*.cshtml").Concat(Directory.GetFiles(folder, "*.cs"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        var keys = used
            .Concat(InsightsErrors.All.Select(e => "Error." + e))
            .Concat(InsightsPeriod.All.Select(p => "Insights.Period." + p))
            .Concat(Enum.GetValues<AuditEventType>().Where(t => (int)t is >= 1140 and < 1150).Select(t => "AuditType." + t))
            .Append("Nav.Insights")
            .Distinct()
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 45, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z0-9.]+)\"")]
    private static partial Regex KeyPattern();
}
