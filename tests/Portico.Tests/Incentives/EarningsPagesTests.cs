using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>The Incentives pages driven like a browser without JavaScript, and the area's strings in both languages.</summary>
public sealed partial class EarningsPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US", string password = DemoData.Password)
    {
        if (email == Riley)
        {
            await factory.UpdateAccountAsync(Riley, a => a.MustChangePassword = false);
        }

        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(email, password);
        return client;
    }

    private Task<EarningDispute?> OpenDisputeOfAsync(Guid lineId) =>
        factory.WithDbAsync(db => db.EarningDisputes.Include(d => d.Comments).AsNoTracking()
            .SingleOrDefaultAsync(d => d.EarningLineId == lineId && d.Status == DisputeStatus.Open, Ct));

    [Fact]
    public async Task IncentivesPage_AsIncentivesAdmin_ShowsTotalsLinesAndExportLink_AndTheMenuLinksIt()
    {
        var jordan = await SignedInAsync(Jordan);
        var contoso = await factory.ContosoAsync();

        var page = await jordan.GetAsync("/Incentives");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/Incentives\"", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Solutions Partner incentive", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("12,450.00 USD", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("2,120,000 JPY", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Disputed", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Tax profile missing", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/v1/orgs/{contoso}/earnings.csv\"", jordan.LastHtml, StringComparison.Ordinal);

        var csv = await jordan.Http.GetAsync($"/api/v1/orgs/{contoso}/earnings.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
    }

    [Fact]
    public async Task IncentivesPage_Filters_NarrowTheLinesAndTheExportLink()
    {
        var alex = await SignedInAsync(Alex);

        await alex.GetAsync("/Incentives?status=OnHold&from=2026-05&to=2026-10");

        Assert.Contains("Dynamics 365 new customers", alex.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Azure consumption growth", alex.LastHtml, StringComparison.Ordinal);
        Assert.Contains("earnings.csv?from=2026-05&amp;to=2026-10&amp;status=OnHold", alex.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncentivesPage_ForALocationScopedUser_ShowsThatLocationOnly()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var account = await factory.ContosoAccountAsync(Roles.IncentivesUser, tokyo, "Tokyo Earnings Viewer");
        var client = await SignedInAsync(account.Email!, password: Builders.GoodPassword);
        var orgWide = await factory.DemoLineAsync("Modern Work deployment", null, EarningStatus.Paid);

        await client.GetAsync("/Incentives");
        var list = client.LastHtml;
        var hidden = await client.GetAsync($"/Incentives/Earning/{orgWide.Id}");

        Assert.Contains("Microsoft 365 new seats", list, StringComparison.Ordinal);
        Assert.Contains("Incentive earnings of the locations your role covers.", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Azure consumption growth", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Modern Work deployment", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task IncentivesPage_InJapanese_ShowsJapaneseLabels()
    {
        var alex = await SignedInAsync(Alex, "ja-JP");

        await alex.GetAsync("/Incentives");

        Assert.Contains("収益明細", alex.LastHtml, StringComparison.Ordinal);
        Assert.Contains("支払済み", alex.LastHtml, StringComparison.Ordinal);
        Assert.Contains("CSV をエクスポート", alex.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarningPage_AsIncentivesAdmin_OpensCommentsAndWithdrawsADispute_ThroughItsForms()
    {
        var jordan = await SignedInAsync(Jordan);
        var jordanId = (await factory.AccountAsync(Jordan)).Id;
        var line = await factory.DemoLineAsync("Security workshops delivered", null, EarningStatus.Accrued);
        var url = $"/Incentives/Earning/{line.Id}";

        await jordan.GetAsync(url);
        var open = Html.FormWith(jordan.LastHtml, "reason");
        var opened = await jordan.Http.PostAsync(open.Action, open.Submit(("reason", "AmountIncorrect"), ("comment", "Four workshops delivered, three paid.")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var dispute = await OpenDisputeOfAsync(line.Id);
        Assert.NotNull(dispute);
        Assert.Equal((DisputeReason.AmountIncorrect, jordanId), (dispute.Reason, dispute.OpenedByAccountId));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.EarningDisputeOpened && e.ActorAccountId == jordanId
            && e.Details!.Contains(dispute.Id.ToString()), Ct)));
        await jordan.GetAsync(url);
        Assert.Contains("The dispute was opened.", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Four workshops delivered, three paid.", jordan.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"reason\"", jordan.LastHtml, StringComparison.Ordinal);

        var comment = Html.PostForms(jordan.LastHtml).Single(f => f.Action!.Contains("handler=Comment", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await jordan.Http.PostAsync(comment.Action, comment.Submit(("comment", "Attendance sheets sent.")), Ct)).StatusCode);
        Assert.Equal(2, (await OpenDisputeOfAsync(line.Id))!.Comments.Count);

        await jordan.GetAsync(url);
        var withdraw = Html.PostForms(jordan.LastHtml).Single(f => f.Action!.Contains("handler=Withdraw", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await jordan.Http.PostAsync(withdraw.Action, withdraw.Submit(("comment", "Paid in the November run.")), Ct)).StatusCode);
        Assert.Null(await OpenDisputeOfAsync(line.Id));
        Assert.Equal(3, await factory.WithDbAsync(db => db.EarningDisputeComments.CountAsync(c => c.DisputeId == dispute.Id, Ct)));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.EarningDisputeWithdrawn && e.Details!.Contains(dispute.Id.ToString()), Ct)));
        await jordan.GetAsync(url);
        Assert.Contains("Withdrawn", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("name=\"reason\"", jordan.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarningPage_DisputeWithoutComment_ShowsTheError_AndWritesNothing()
    {
        var jordan = await SignedInAsync(Jordan);
        var line = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Paid);
        await jordan.GetAsync($"/Incentives/Earning/{line.Id}");
        var open = Html.FormWith(jordan.LastHtml, "reason");
        var before = await factory.IncentivesStateAsync();

        var response = await jordan.Http.PostAsync(open.Action, open.Submit(("reason", "WrongPeriod"), ("comment", "")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Comment: This field is required.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(before, await factory.IncentivesStateAsync());
    }

    [Fact]
    public async Task EarningPage_AsIncentivesUser_ShowsTheDisputeHistory_ButNoForms_AndRefusesAPost()
    {
        var riley = await SignedInAsync(Riley);
        var disputeId = await factory.DemoDisputeIdAsync();
        var lineId = await factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Id == disputeId).Select(d => d.EarningLineId).SingleAsync(Ct));
        var paid = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Paid);

        var shown = await riley.GetAsync($"/Incentives/Earning/{lineId}");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("We activated 212 new seats", riley.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Jordan Rivera", riley.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(Html.PostForms(riley.LastHtml), f => f.Action?.Contains("/Incentives/", StringComparison.Ordinal) == true);

        var before = await factory.IncentivesStateAsync();
        var refused = await riley.PostFormAsync($"/Incentives/Earning/{paid.Id}", [new("reason", "Other"), new("comment", "Let me in.")], $"/Incentives/Earning/{paid.Id}?handler=Open");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Only an Incentives admin of this line", riley.LastHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.IncentivesStateAsync());
    }

    [Fact]
    public async Task IncentivesPage_ForAccountWithoutIncentivesRole_IsDeniedWithTheExplanation()
    {
        var sam = await SignedInAsync(Sam);

        var denied = await sam.GetAsync("/Incentives");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryIncentivesString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var folder = Path.Combine(root, "src", "Portico.Web", "Features", "Incentives");
        var used = Directory.GetFiles(folder, "*.cshtml").Concat(Directory.GetFiles(folder, "*.cs"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        var keys = used
            .Concat(typeof(IncentiveErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(Enum.GetNames<EarningStatus>().Select(s => "EarningStatus." + s))
            .Concat(Enum.GetNames<DisputeReason>().Select(s => "DisputeReason." + s))
            .Concat(Enum.GetNames<DisputeStatus>().Select(s => "DisputeStatus." + s))
            .Concat(HoldReasons.All.SelectMany(h => new[] { "HoldReason." + h, "HoldReasonHelp." + h }))
            .Concat(Enum.GetValues<AuditEventType>().Where(t => (int)t is >= 1110 and < 1120).Select(t => "AuditType." + t))
            .Concat(new[] { "period", "program", "lever", "locationId", "status", "holdReason", "paidOn", "disputed", "amount", "currency", "reason", "comment", "from", "to", "page", "pageSize" }
                .Select(f => "Earnings.Field." + f))
            .Concat(["Earnings.DisputeOpened", "Earnings.CommentAdded", "Earnings.DisputeWithdrawn", "Nav.Incentives"])
            .Distinct()
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 80, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyPattern();
}
