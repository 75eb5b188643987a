using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

/// <summary>The vendor's Incentives pages driven like a browser without JavaScript, the partner's view of the answer, and the strings in both languages.</summary>
public sealed partial class OperatorIncentivesPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US")
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(email, DemoData.Password);
        return client;
    }

    [Fact]
    public async Task DisputeQueue_AsOperatorAdmin_ShowsTheDemoDispute_AndTheMenuLinksIt()
    {
        var olivia = await SignedInAsync(Olivia);

        var page = await olivia.GetAsync("/Operator/Incentives/Disputes");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/Operator/Incentives/Disputes\"", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Incentive disputes", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains(IncentivesDemoData.Contoso, olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains(IncentivesDemoData.DisputedLever, olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains("2,120,000 JPY", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains("We activated 212", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"/Operator/Incentives/Disputes/Detail/{await factory.DemoDisputeIdAsync()}", olivia.LastHtml, StringComparison.Ordinal);

        await olivia.GetAsync("/Operator/Incentives/Disputes?org=Northwind");
        Assert.DoesNotContain(IncentivesDemoData.DisputedLever, olivia.LastHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Sasha)]
    [InlineData(Victor)]
    [InlineData(Alex)]
    public async Task DeskPages_ForOtherStaffAndPartners_AreDenied_AndNotInTheMenu(string email)
    {
        var client = await SignedInAsync(email);
        var demo = await factory.DemoDisputeIdAsync();

        foreach (var url in new[] { "/Operator/Incentives/Disputes", $"/Operator/Incentives/Disputes/Detail/{demo}", "/Operator/Incentives/Import" })
        {
            var denied = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await client.GetAsync("/Access");
        Assert.DoesNotContain("href=\"/Operator/Incentives/Disputes\"", client.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisputePage_ReplyThenResolveUpheld_ChangesTheAmount_AndThePartnerSeesTheVendorsReplyAndTheResolution()
    {
        var (lineId, disputeId) = await factory.NewDisputeAsync(amountMinor: 250_000, lever: "Page resolve check");
        var olivia = await SignedInAsync(Olivia);
        var url = $"/Operator/Incentives/Disputes/Detail/{disputeId}";
        await olivia.GetAsync(url);
        Assert.Contains("We delivered five workshops", olivia.LastHtml, StringComparison.Ordinal);

        var reply = Html.PostForms(olivia.LastHtml).Single(f => f.Action!.Contains("handler=Reply", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await olivia.Http.PostAsync(reply.Action, reply.Submit(("Comment", "Please send the attendance sheets.")), Ct)).StatusCode);
        await olivia.GetAsync(url);
        Assert.Contains("Your reply was added", olivia.LastHtml, StringComparison.Ordinal);

        var resolve = Html.PostForms(olivia.LastHtml).Single(f => f.Action!.Contains("handler=Resolve", StringComparison.Ordinal));
        var response = await olivia.Http.PostAsync(resolve.Action, resolve.Submit(("Outcome", "Upheld"), ("Amount", "3125.50"), ("Message", "Five workshops confirmed.")), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(312_550, await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == lineId).Select(e => e.AmountMinor).SingleAsync(Ct)));
        await olivia.GetAsync(url);
        Assert.Contains("The dispute was resolved", olivia.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Resolve", olivia.LastHtml, StringComparison.Ordinal);

        var jordan = await SignedInAsync(Jordan);
        await jordan.GetAsync($"/Incentives/Earning/{lineId}");
        Assert.Contains("From the vendor", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Please send the attendance sheets.", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Partner program team (Olivia Operator)", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Upheld by the partner program team", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("changed from 2,500.00 USD to 3,125.50 USD", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Five workshops confirmed.", jordan.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(">Disputed<", jordan.LastHtml, StringComparison.Ordinal);

        var japanese = await SignedInAsync(Jordan, "ja-JP");
        await japanese.GetAsync($"/Incentives/Earning/{lineId}");
        Assert.Contains("ベンダーから", japanese.LastHtml, StringComparison.Ordinal);
        Assert.Contains("承認", japanese.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisputePage_BadResolutions_ShowTheErrors_AndWriteNothing()
    {
        var (_, disputeId) = await factory.NewDisputeAsync(lever: "Page refusal check");
        var olivia = await SignedInAsync(Olivia);
        var url = $"/Operator/Incentives/Disputes/Detail/{disputeId}";
        await olivia.GetAsync(url);
        var resolve = Html.PostForms(olivia.LastHtml).Single(f => f.Action!.Contains("handler=Resolve", StringComparison.Ordinal));

        (string Name, string Value)[][] attempts =
        [
            [("Outcome", "Upheld"), ("Amount", "")],
            [("Outcome", "Upheld"), ("Amount", "twelve")],
            [("Outcome", "Rejected"), ("Message", "")],
        ];
        string[] shown = ["Adjusted amount: This field is required.", "Adjusted amount: This value is not valid.", "Message to the partner: This field is required."];
        for (var i = 0; i < attempts.Length; i++)
        {
            var before = await factory.DeskStateAsync();
            var response = await olivia.Http.PostAsync(resolve.Action, resolve.Submit(attempts[i]), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(shown[i], WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
            Assert.Equal(before, await factory.DeskStateAsync());
        }

        var jordan = await factory.IncentivesClientAsync(Jordan);
        var contoso = await factory.ContosoAsync();
        var lineId = (await factory.DisputeAsync(disputeId)).EarningLineId;
        await (await jordan.PostAsync($"{Earnings(contoso)}/{lineId}/disputes/{disputeId}/withdraw", null, Ct)).OkJsonAsync();
        var stale = await olivia.Http.PostAsync(resolve.Action, resolve.Submit(("Outcome", "Rejected"), ("Message", "Too late.")), Ct);
        Assert.Contains("This dispute is closed", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(DisputeStatus.Withdrawn, (await factory.DisputeAsync(disputeId)).Status);
    }

    [Fact]
    public async Task ImportPage_GoodFileIsRecorded_BadFileListsItsRows_AndWritesNothing()
    {
        var partnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == IncentivesDemoData.Contoso).Select(o => o.PartnerId).SingleAsync(Ct));
        var olivia = await SignedInAsync(Olivia);

        async Task<HttpResponseMessage> UploadAsync(string csv)
        {
            await olivia.GetAsync("/Operator/Incentives/Import");
            var token = Regex.Match(olivia.LastHtml, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
            form.Add(file, "file", "earnings.csv");
            var response = await olivia.Http.PostAsync("/Operator/Incentives/Import", form, Ct);
            return response;
        }

        var before = await factory.DeskStateAsync();
        var bad = await UploadAsync(Header + "\n" + partnerId + ",,Solutions Partner incentive,Page import,2026-10,10.00,USD,Accrued,,\n"
            + partnerId + ",,Solutions Partner incentive,Page import,2026-10,10.00,ZZZ,Accrued,,\n");
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("nothing was recorded", html, StringComparison.Ordinal);
        Assert.Matches("<th scope=\"row\">3</th>\\s*<td>currency</td>", html);
        Assert.Equal(before, await factory.DeskStateAsync());

        var good = await UploadAsync(Header + "\n" + partnerId + ",,Solutions Partner incentive,Page import,2026-10,10.00,USD,Accrued,,\n");
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        await olivia.GetAsync("/Operator/Incentives/Import");
        Assert.Contains("1 rows recorded for 1 organizations: 1 lines added, 0 updated, 0 unchanged.", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Contains("10.00 USD", olivia.LastHtml, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.EarningLines.AnyAsync(e => e.Lever == "Page import", Ct)));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.EarningLinesImported && e.TargetOrganizationId != null, Ct)));
    }

    [Fact]
    public async Task ImportPage_CheckOnlyCountsWithoutWriting_ThenRecordingListsTheImportInTheHistory_AndTheSameFileAgainIsRefused()
    {
        var partnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == IncentivesDemoData.Contoso).Select(o => o.PartnerId).SingleAsync(Ct));
        var demo = await factory.DemoLineAsync("Security workshops delivered", null, EarningStatus.Accrued);
        var olivia = await SignedInAsync(Olivia);

        async Task<HttpResponseMessage> UploadAsync(string csv, bool checkOnly)
        {
            await olivia.GetAsync("/Operator/Incentives/Import");
            var token = Regex.Match(olivia.LastHtml, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken");
            if (checkOnly)
            {
                form.Add(new StringContent("true"), "checkOnly");
            }

            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
            form.Add(file, "file", "page-history-check.csv");
            return await olivia.Http.PostAsync("/Operator/Incentives/Import", form, Ct);
        }

        var csv = Header + ",reference\n"
            + $"{partnerId},,{demo.Program},{demo.Lever},{demo.Period:yyyy-MM},{demo.AmountMinor / 100}.{demo.AmountMinor % 100:D2},USD,Paid,2026-12-20,,{demo.Reference}\n"
            + $"{partnerId},,Solutions Partner incentive,Page history check,2026-10,10.00,USD,Accrued,,,\n";
        var before = await factory.DeskStateAsync();

        var check = await UploadAsync(csv, checkOnly: true);
        var html = WebUtility.HtmlDecode(await check.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("Check only: the file has no problems and nothing was recorded. Recording its 2 rows would, for 1 organizations, add 1 lines, update 1 and leave 0 unchanged.", html, StringComparison.Ordinal);
        Assert.Contains($"{IncentivesDemoData.Contoso} ({partnerId}): 1 added, 1 updated, 0 unchanged", html, StringComparison.Ordinal);
        Assert.Matches("<input id=\"checkOnly\" name=\"checkOnly\" type=\"checkbox\" value=\"true\" checked=\"checked\"", html);
        Assert.Equal(before, await factory.DeskStateAsync());
        Assert.DoesNotContain("page-history-check.csv", html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(csv, checkOnly: false)).StatusCode);
        await olivia.GetAsync("/Operator/Incentives/Import");
        Assert.Contains("2 rows recorded for 1 organizations: 1 lines added, 1 updated, 0 unchanged.", olivia.LastHtml, StringComparison.Ordinal);
        Assert.Matches("<td>Olivia Operator</td>\\s*<td>page-history-check.csv</td>\\s*<td>2</td>\\s*<td>1</td>\\s*<td>1</td>\\s*<td>0</td>", olivia.LastHtml);
        Assert.Equal(EarningStatus.Paid, await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == demo.Id).Select(e => e.Status).SingleAsync(Ct)));

        var again = await UploadAsync(csv, checkOnly: false);
        html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This file was already imported; nothing was recorded.", html, StringComparison.Ordinal);
        Assert.Contains("by Olivia Operator (file page-history-check.csv)", html, StringComparison.Ordinal);

        var jordan = await SignedInAsync(Jordan);
        await jordan.GetAsync($"/Incentives/Earning/{demo.Id}");
        Assert.Contains("Vendor reference", jordan.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"<code>{demo.Reference}</code>", jordan.LastHtml, StringComparison.Ordinal);
        var japanese = await SignedInAsync(Jordan, "ja-JP");
        await japanese.GetAsync($"/Incentives/Earning/{demo.Id}");
        Assert.Contains("ベンダー参照番号", WebUtility.HtmlDecode(japanese.LastHtml), StringComparison.Ordinal);

        var disputedReference = await factory.WithDbAsync(db => db.EarningLines.Where(e => db.EarningDisputes.Any(d => d.EarningLineId == e.Id && d.Status == DisputeStatus.Open && d.Comments.Any(c => EF.Functions.Like(c.Body, "We activated 212%"))))
            .Select(e => e.Reference).SingleAsync(Ct));
        Assert.StartsWith("INC-", disputedReference, StringComparison.Ordinal);
        await olivia.GetAsync($"/Operator/Incentives/Disputes/Detail/{await factory.DemoDisputeIdAsync()}");
        Assert.Contains($"<dt>Vendor reference</dt><dd><code>{disputedReference}</code></dd>", olivia.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVendorIncentivesString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var folder = Path.Combine(root, "src", "Portico.Web", "Features", "Operator", "Incentives");
        var used = Directory.GetFiles(folder, "*.cshtml", SearchOption.AllDirectories).Concat(Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "src", "Portico.Web", "Features", "Incentives", "Earning.cshtml"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        var keys = used
            .Concat(typeof(IncentiveDeskErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(ImportCodes.All.Select(c => "EarningImport.Code." + c))
            .Concat(Enum.GetNames<DisputeOutcome>().SelectMany(o => new[] { "DisputeOutcome." + o, "IncentiveDesk.OutcomeHint." + o }))
            .Concat(EarningImportService.Columns.Select(c => "IncentiveDesk.Import.Column." + c))
            .Concat(DisputeEmails.All.SelectMany(k => new[] { $"Email.IncentiveDispute.{k}.Subject", $"Email.IncentiveDispute.{k}.Body" }))
            .Concat(new[] { "comment", "outcome", "amount", "message", "version" }.Select(f => "IncentiveDesk.Field." + f))
            .Concat(Enum.GetValues<AuditEventType>().Where(t => (int)t is >= 1114 and < 1120).Select(t => "AuditType." + t))
            .Concat(["IncentiveDesk.Replied", "IncentiveDesk.Resolved", "Nav.IncentiveDisputes", "Capability.operator.incentives"])
            .Distinct()
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 90, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
    }

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyPattern();
}
