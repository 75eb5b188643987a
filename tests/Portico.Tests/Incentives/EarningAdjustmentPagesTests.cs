using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Operator.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;
using static Portico.Tests.Incentives.OperatorIncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>The vendor's earnings-line pages driven like a browser without JavaScript, the partner's view of the history, and the strings in both languages.</summary>
public sealed partial class EarningAdjustmentPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US")
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    private async Task<EarningLine> NewLineAsync(string lever, EarningStatus status = EarningStatus.Accrued)
    {
        var line = new EarningLine
        {
            OrganizationId = await factory.ContosoAsync(), Program = "Solutions Partner incentive", Lever = lever, Period = new DateOnly(2026, 9, 1),
            AmountMinor = 250_000, Currency = "USD", Status = status, PaidOn = status == EarningStatus.Paid ? new DateOnly(2026, 11, 1) : null,
            Reference = "PAGE-" + Guid.NewGuid().ToString("N")[..12], CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
        };
        await factory.WithDbAsync(async db =>
        {
            db.EarningLines.Add(line);
            return await db.SaveChangesAsync(Ct);
        });
        return line;
    }

    private Task<string> StateAsync() =>
        factory.WithDbAsync(async db =>
            string.Join(",", await db.EarningLines.OrderBy(e => e.Id).Select(e => e.Id.ToString() + e.Status + e.AmountMinor + e.Version).ToListAsync(Ct))
            + ";" + await db.EarningAdjustments.CountAsync(Ct) + ";" + await db.AuditEvents.CountAsync(Ct));

    [Fact]
    public async Task LinePage_FoundByReference_Adjusts_AndThePartnerSeesTheHistoryInBothLanguages()
    {
        var line = await NewLineAsync("Page adjust check");
        var olivia = await SignedInAsync(Olivia);

        await olivia.GetAsync($"/Operator/Incentives/Earnings?reference={line.Reference}");
        Assert.Contains("href=\"/Operator/Incentives/Earnings\"", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"/Operator/Incentives/Earnings/Detail/{line.Id}", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains("1 lines, newest month first.", olivia.LastHtml, StringComparison.Ordinal);

        var url = $"/Operator/Incentives/Earnings/Detail/{line.Id}";
        await olivia.GetAsync(url);
        Assert.Contains("The vendor has not adjusted this line.", olivia.LastHtml, StringComparison.Ordinal);
        var form = Html.FormWith(olivia.LastHtml, "Version");
        var response = await olivia.Http.PostAsync(form.Action, form.Submit(
            ("Amount", "2750.00"), ("Status", "Paid"), ("PaidOn", "2026-11-28"), ("Reason", "PayoutFailed"), ("Note", "The first payout run skipped this line.")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var stored = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Id == line.Id, Ct));
        Assert.Equal((275_000L, EarningStatus.Paid, new DateOnly(2026, 11, 28)), (stored.AmountMinor, stored.Status, stored.PaidOn!.Value));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.EarningLineAdjusted && e.Details!.Contains(line.Id.ToString()), Ct)));
        await olivia.GetAsync(url);
        var html = WebUtility.HtmlDecode(olivia.LastHtml);
        Assert.Contains("The line was adjusted and the partner's Incentives admins were emailed.", html, StringComparison.Ordinal);
        Assert.Contains("2,500.00 USD → 2,750.00 USD", html, StringComparison.Ordinal);
        Assert.Contains("Accrued → Paid", html, StringComparison.Ordinal);
        Assert.Contains("Olivia Operator", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Html.PostForms(html), f => f.Fields.ContainsKey("Version"));
        Assert.Contains("This line is paid, which is final", html, StringComparison.Ordinal);

        var jordan = await SignedInAsync(Jordan);
        await jordan.GetAsync($"/Incentives/Earning/{line.Id}");
        html = WebUtility.HtmlDecode(jordan.LastHtml);
        Assert.Contains("Adjusted by the partner program team: Payout problem", html, StringComparison.Ordinal);
        Assert.Contains("changed from 2,500.00 USD to 2,750.00 USD", html, StringComparison.Ordinal);
        Assert.Contains("The line's status was changed from Accrued to Paid.", html, StringComparison.Ordinal);
        Assert.Contains("The first payout run skipped this line.", html, StringComparison.Ordinal);
        Assert.Contains("Partner program team (Olivia Operator)", html, StringComparison.Ordinal);

        var japanese = await SignedInAsync(Jordan, "ja-JP");
        await japanese.GetAsync($"/Incentives/Earning/{line.Id}");
        html = WebUtility.HtmlDecode(japanese.LastHtml);
        Assert.Contains("パートナー プログラム チームによる調整: 支払処理の問題", html, StringComparison.Ordinal);
        Assert.Contains("明細のステータスが 確定 から 支払済み に変更されました。", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinePage_BadAdjustments_ShowTheErrors_AndWriteNothing()
    {
        var line = await NewLineAsync("Page refusal check");
        var olivia = await SignedInAsync(Olivia);
        var url = $"/Operator/Incentives/Earnings/Detail/{line.Id}";
        await olivia.GetAsync(url);
        // Note: the reader keeps the last radio button's value; a browser sends no reason until one is chosen.
        var form = Html.FormWith(olivia.LastHtml, "Version");
        form = form with { Fields = form.Fields.Where(f => f.Key != "Reason").ToDictionary(StringComparer.Ordinal) };

        (string Name, string Value)[][] attempts =
        [
            [("Amount", "2600")],
            [("Amount", "2600"), ("Reason", "Other")],
            [("Amount", "lots"), ("Reason", "CalculationError")],
            [("Amount", "2500.00"), ("Reason", "CalculationError")],
            [("Status", "Estimated"), ("Reason", "CalculationError")],
        ];
        string[] expected =
        [
            "Reason for the adjustment: ",
            "Note: ",
            "New amount: ",
            "The adjustment changes nothing",
            "only moves forward",
        ];
        var before = await StateAsync();
        for (var i = 0; i < attempts.Length; i++)
        {
            var response = await olivia.Http.PostAsync(form.Action, form.Submit(attempts[i]), Ct);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
            Assert.Contains(expected[i], html, StringComparison.Ordinal);
        }

        Assert.Equal(before, await StateAsync());

        // Note: a line changed after the page was loaded answers with the explanation, not a second change.
        var stale = form.Submit(("Amount", "2600"), ("Reason", "CalculationError"));
        await factory.WithDbAsync(async db =>
        {
            var tracked = await db.EarningLines.SingleAsync(e => e.Id == line.Id, Ct);
            tracked.Version = Guid.NewGuid();
            return await db.SaveChangesAsync(Ct);
        });
        var refused = await olivia.Http.PostAsync(form.Action, stale, Ct);
        Assert.Contains("changed while you were working on it", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(250_000, await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == line.Id).Select(e => e.AmountMinor).SingleAsync(Ct)));
    }

    [Fact]
    public async Task DemoAdjustment_IsShownToTheDesk_FromTheDispute_AndToThePartner()
    {
        var demo = await factory.DemoLineAsync(EarningAdjustmentDemoData.AdjustedLever, null, EarningStatus.Accrued);
        var olivia = await SignedInAsync(Olivia);
        await olivia.GetAsync($"/Operator/Incentives/Earnings/Detail/{demo.Id}");
        var html = WebUtility.HtmlDecode(olivia.LastHtml);
        Assert.Contains("Calculation error", html, StringComparison.Ordinal);
        Assert.Contains("2,500.00 USD → 3,000.00 USD", html, StringComparison.Ordinal);

        var disputeId = await factory.DemoDisputeIdAsync();
        await olivia.GetAsync($"/Operator/Incentives/Disputes/Detail/{disputeId}");
        var disputedLine = await factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Id == disputeId).Select(d => d.EarningLineId).SingleAsync(Ct));
        Assert.Contains($"/Operator/Incentives/Earnings/Detail/{disputedLine}", olivia.LastHtml, StringComparison.Ordinal);
        await olivia.GetAsync($"/Operator/Incentives/Earnings/Detail/{disputedLine}");
        Assert.Contains("has an open dispute", WebUtility.HtmlDecode(olivia.LastHtml), StringComparison.Ordinal);
        Assert.DoesNotContain(Html.PostForms(olivia.LastHtml), f => f.Fields.ContainsKey("Version"));

        var jordan = await SignedInAsync(Jordan);
        await jordan.GetAsync($"/Incentives/Earning/{demo.Id}");
        Assert.Contains("One workshop delivered on the last day", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Adjusted by the partner program team: Calculation error", WebUtility.HtmlDecode(jordan.LastHtml), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Sasha)]
    [InlineData(Victor)]
    [InlineData(Jordan)]
    public async Task LinePages_ForOtherStaffAndPartners_AreDenied_AndNotInTheMenu(string email)
    {
        var client = await SignedInAsync(email);
        var demo = await factory.DemoLineAsync(EarningAdjustmentDemoData.AdjustedLever, null, EarningStatus.Accrued);

        foreach (var url in new[] { "/Operator/Incentives/Earnings", $"/Operator/Incentives/Earnings/Detail/{demo.Id}" })
        {
            var denied = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await client.GetAsync("/Access");
        Assert.DoesNotContain("href=\"/Operator/Incentives/Earnings\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAdjustmentString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var files = Directory.GetFiles(Path.Combine(root, "src", "Portico.Web", "Features", "Operator", "Incentives", "Earnings"))
            .Append(Path.Combine(root, "src", "Portico.Web", "Features", "Incentives", "Earning.cshtml"))
            .Append(Path.Combine(root, "src", "Portico.Web", "Features", "Operator", "Incentives", "DisputeEmails.cs"));
        var keys = files.SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .Concat(typeof(AdjustmentErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(Enum.GetNames<AdjustmentReason>().Select(r => "AdjustmentReason." + r))
            .Concat(new[] { "amount", "status", "paidOn", "holdReason", "reason", "note", "version", "currency" }.Select(f => "EarningDesk.Field." + f))
            .Concat(["Error.earning_changed", "AuditType.EarningLineAdjusted", "Nav.IncentiveEarnings", "NavHint.IncentiveEarnings", "Email.EarningAdjusted.Subject", "Email.EarningAdjusted.Body", "Email.EarningAdjusted.Change"])
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

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z_.]+)\"")]
    private static partial Regex KeyPattern();
}
