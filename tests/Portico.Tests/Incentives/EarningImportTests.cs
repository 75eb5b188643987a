using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Operator.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;
using static Portico.Tests.Incentives.OperatorIncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>The earnings import through the API: a good file is written whole and audited per organization; any bad row writes nothing.</summary>
public sealed class EarningImportTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> PartnerIdAsync(string organization) =>
        factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == organization).Select(o => o.PartnerId).SingleAsync(Ct));

    private Task<string> LocationPartnerIdAsync(string organization, string location) =>
        factory.WithDbAsync(db => db.Locations.Where(l => l.Name == location && db.Organizations.Any(o => o.Id == l.OrganizationId && o.DisplayName == organization))
            .Select(l => l.PartnerId).SingleAsync(Ct));

    private static List<string> Rows(JsonElement problem) =>
        [.. problem.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("row").GetInt32()}:{(r.TryGetProperty("column", out var c) ? c.GetString() : "")}:{r.GetProperty("code").GetString()}")];

    [Fact]
    public async Task Import_GoodFile_WritesEveryLineInOneGo_WithOneAuditRecordPerOrganization_AndPartnersSeeTheLines()
    {
        var contoso = await factory.ContosoAsync();
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var tokyo = await LocationPartnerIdAsync(IncentivesDemoData.Contoso, "Tokyo");
        var other = await factory.AnOrganizationAsync("Adatum Import Partners");
        var csv = new StringBuilder(Header + "\r\n")
            .Append(contosoId).Append(",,Solutions Partner incentive,Import check — org,2026-10,12500.00,USD,Accrued,,\r\n")
            .Append(contosoId).Append(',').Append(tokyo).Append(",\"CSP indirect reseller incentive, Tokyo\",Import check — Tokyo,2026-10,2120000,JPY,Paid,2026-12-15,\r\n")
            .Append(contosoId).Append(",,Solutions Partner incentive,Import check — reversal,2026-09,-300.50,USD,OnHold,,under_review\r\n")
            .Append(other.Organization.PartnerId).Append(",,Solutions Partner incentive,Import check — Adatum,2026-10,99.99,EUR,Estimated,,\r\n")
            .ToString();
        var olivia = await factory.StaffClientAsync(Olivia);
        var linesBefore = await factory.WithDbAsync(db => db.EarningLines.CountAsync(Ct));
        var lastAudit = await factory.WithDbAsync(db => db.AuditEvents.MaxAsync(e => e.Id, Ct));

        var body = await (await olivia.ImportCsvAsync(csv)).OkJsonAsync();

        Assert.Equal(4, body.GetProperty("lines").GetInt32());
        Assert.Equal(linesBefore + 4, await factory.WithDbAsync(db => db.EarningLines.CountAsync(Ct)));
        var written = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().Where(e => e.Lever.StartsWith("Import check")).ToListAsync(Ct));
        var tokyoLine = written.Single(e => e.Lever == "Import check — Tokyo");
        Assert.Equal("CSP indirect reseller incentive, Tokyo", tokyoLine.Program);
        Assert.Equal(await factory.LocationIdAsync(contoso, "Tokyo"), tokyoLine.LocationId);
        Assert.Equal((2_120_000, "JPY", EarningStatus.Paid, new DateOnly(2026, 12, 15)), (tokyoLine.AmountMinor, tokyoLine.Currency, tokyoLine.Status, tokyoLine.PaidOn!.Value));
        var reversal = written.Single(e => e.Lever == "Import check — reversal");
        Assert.Equal((-30_050L, HoldReasons.UnderReview, new DateOnly(2026, 9, 1)), (reversal.AmountMinor, reversal.HoldReason!, reversal.Period));

        var audits = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Id > lastAudit && e.Type == AuditEventType.EarningLinesImported).ToListAsync(Ct));
        var contosoAudit = Assert.Single(audits, e => e.TargetOrganizationId == contoso);
        Assert.Contains("\"lines\":3", contosoAudit.Details, StringComparison.Ordinal);
        Assert.Contains("\"amount\":\"12199.50\"", contosoAudit.Details, StringComparison.Ordinal);
        Assert.Contains("\"amount\":\"2120000\"", contosoAudit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Import check", contosoAudit.Details, StringComparison.Ordinal);
        Assert.Single(audits, e => e.TargetOrganizationId == other.Organization.Id);
        Assert.Contains(audits, e => e.TargetOrganizationId == null && e.Details!.Contains("\"lines\":4", StringComparison.Ordinal));

        var adatum = body.GetProperty("organizations").EnumerateArray().Single(o => o.GetProperty("partnerId").GetString() == other.Organization.PartnerId);
        Assert.Equal(99.99m, adatum.GetProperty("totals")[0].GetProperty("amount").GetDecimal());

        var jordan = await factory.IncentivesClientAsync(Jordan);
        var list = await (await jordan.GetAsync(Earnings(contoso) + "?pageSize=100&from=2026-09&to=2026-10", Ct)).OkJsonAsync();
        Assert.Equal(3, list.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("lever").GetString()!.StartsWith("Import check", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Import_WithABadRowInTheMiddle_Answers400WithItsRowAndCode_AndWritesNothing()
    {
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var rows = Enumerable.Range(1, 50).Select(i => $"{contosoId},,Solutions Partner incentive,Middle check {i},2026-10,{i}.00,USD,Accrued,,").ToList();
        rows[24] = $"{contosoId},,Solutions Partner incentive,Middle check bad,2026-13,25.00,USD,Accrued,,";
        var olivia = await factory.StaffClientAsync(Olivia);
        var before = await factory.DeskStateAsync();

        var problem = await (await olivia.ImportCsvAsync(Header + "\n" + string.Join("\n", rows) + "\n")).AssertProblemAsync(HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid);

        Assert.Equal(["26:period:invalid_value"], Rows(problem));
        Assert.Equal(1, problem.GetProperty("rowErrorCount").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("rows")[0].GetProperty("message").GetString()));
        Assert.Equal(before, await factory.DeskStateAsync());
        Assert.False(await factory.WithDbAsync(db => db.EarningLines.AnyAsync(e => e.Lever.StartsWith("Middle check"), Ct)));
    }

    [Fact]
    public async Task Import_BadRows_AreEachReportedWithTheirCode_AndNothingIsWritten()
    {
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var northwindId = await PartnerIdAsync("Northwind Distribution");
        var northwindLocation = await factory.WithDbAsync(db => db.Locations.Where(l => db.Organizations.Any(o => o.Id == l.OrganizationId && o.DisplayName == "Northwind Distribution")).Select(l => l.PartnerId).FirstOrDefaultAsync(Ct));
        var good = $"{contosoId},,Solutions Partner incentive,Batch check,2026-10,10.00,USD,Accrued,,";
        string Row(string partner = "", string location = "", string program = "Solutions Partner incentive", string lever = "Batch check", string period = "2026-10",
            string amount = "10.00", string currency = "USD", string status = "Accrued", string paidOn = "", string hold = "") =>
            string.Join(',', partner.Length == 0 ? contosoId : partner, location, program, lever, period, amount, currency, status, paidOn, hold);

        (string Row, string Expected)[] cases =
        [
            (Row(partner: "7777777"), "partnerId:partner_not_found"),
            (Row(partner: northwindId), "partnerId:not_enrolled"),
            (Row(partner: "12345678"), "partnerId:too_long"),
            (Row(location: "0000000"), "locationPartnerId:location_not_found"),
            (Row(program: ""), "program:required"),
            (Row(program: new string('p', 121)), "program:too_long"),
            (Row(lever: "bell\u0007"), "lever:invalid_characters"),
            (Row(period: "2026-1"), "period:invalid_value"),
            (Row(period: "1999-12"), "period:invalid_value"),
            (Row(amount: "\"1,000\""), "amount:invalid_value"),
            (Row(amount: "ten"), "amount:invalid_value"),
            (Row(amount: "10.5", currency: "JPY"), "amount:too_many_decimals"),
            (Row(amount: "1000000000001"), "amount:out_of_range"),
            (Row(currency: "usd"), "currency:invalid_value"),
            (Row(currency: "XYZ"), "currency:invalid_value"),
            (Row(status: "paid"), "status:invalid_value"),
            (Row(status: "2"), "status:invalid_value"),
            (Row(status: "Paid"), "paidOn:required"),
            (Row(paidOn: "2026-12-15"), "paidOn:not_allowed_for_status"),
            (Row(status: "Paid", paidOn: "15/12/2026"), "paidOn:invalid_value"),
            (Row(status: "OnHold"), "holdReason:required"),
            (Row(status: "OnHold", hold: "no_reason"), "holdReason:invalid_value"),
            (Row(hold: HoldReasons.UnderReview), "holdReason:not_allowed_for_status"),
            (good + ",extra", ":column_count"),
        ];
        if (northwindLocation is not null)
        {
            cases = [.. cases, (Row(location: northwindLocation), "locationPartnerId:location_not_found")];
        }

        var olivia = await factory.StaffClientAsync(Olivia);
        var before = await factory.DeskStateAsync();
        var csv = Header + "\n" + good + "\n" + string.Join("\n", cases.Select(c => c.Row)) + "\n" + good + "\n";

        var problem = await (await olivia.ImportCsvAsync(csv)).AssertProblemAsync(HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid);

        Assert.Equal(cases.Select((c, i) => $"{i + 3}:{c.Expected}"), Rows(problem));
        Assert.Equal(before, await factory.DeskStateAsync());
    }

    [Fact]
    public async Task Import_BadFiles_Answer400or415WithAStableCode_AndWriteNothing()
    {
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var good = $"{contosoId},,Solutions Partner incentive,File check,2026-10,10.00,USD,Accrued,,";
        var olivia = await factory.StaffClientAsync(Olivia);
        var tooMany = Header + "\n" + string.Join("\n", Enumerable.Repeat(good, EarningImportService.MaxRows + 1)) + "\n";
        (Func<Task<HttpResponseMessage>> Call, HttpStatusCode Status, string Error, string[] Rows)[] cases =
        [
            (() => olivia.ImportCsvAsync(""), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportEmpty, []),
            (() => olivia.ImportCsvAsync(Header + "\r\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportEmpty, []),
            (() => olivia.ImportCsvAsync(tooMany), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportTooManyRows, []),
            (() => olivia.ImportBytesAsync([.. Encoding.UTF8.GetBytes(Header + "\n" + contosoId + ",,Caf"), 0xE9, .. Encoding.UTF8.GetBytes(",L,2026-10,1,USD,Accrued,,\n")]),
                HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportNotUtf8, []),
            (() => olivia.ImportCsvAsync(Header + "\n" + good + "\n" + contosoId + ",,\"unterminated,L,2026-10,1,USD,Accrued,,\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid, ["3::malformed_csv"]),
            (() => olivia.ImportCsvAsync(Header + "\n" + contosoId + ",,Sol\"ution,L,2026-10,1,USD,Accrued,,\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid, ["2::malformed_csv"]),
            (() => olivia.ImportCsvAsync("partnerId,program,lever,period,amount,currency\n" + contosoId + ",P,L,2026-10,1,USD\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid, ["1:status:column_missing"]),
            (() => olivia.ImportCsvAsync(Header + ",colour,program\n" + good + ",red,P\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid, ["1:colour:column_unknown", "1:program:column_duplicate"]),
            (() => olivia.ImportCsvAsync(good + "\n" + good + "\n"), HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid, ["1:" + contosoId + ":column_unknown", "1::column_unknown"]),
            (() => olivia.ImportCsvAsync(Header + "\n" + good + "\n", "application/json"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", []),
            (() => olivia.ImportCsvAsync(Header + "\n" + good + "\n", "text/csv; charset=iso-8859-1"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", []),
        ];
        foreach (var (call, status, error, rows) in cases)
        {
            var before = await factory.DeskStateAsync();
            var problem = await (await call()).AssertProblemAsync(status, error);
            if (rows.Length > 0)
            {
                Assert.Equal(rows, Rows(problem).Take(rows.Length));
            }

            Assert.Equal(before, await factory.DeskStateAsync());
        }

        Assert.False(await factory.WithDbAsync(db => db.EarningLines.AnyAsync(e => e.Lever == "File check", Ct)));
    }

    [Fact]
    public async Task Import_HeaderNames_AreMatchedWithoutCaseOrSeparators_InAnyOrder_WithOptionalColumnsLeftOut()
    {
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var olivia = await factory.StaffClientAsync(Olivia);
        var csv = "\uFEFFStatus,Currency,Amount,Period,Lever,Program,Partner ID\r\nEstimated,GBP,42.10,2027-01,Header check,Solutions Partner incentive," + contosoId + "\r\n";

        var body = await (await olivia.ImportCsvAsync(csv)).OkJsonAsync();

        Assert.Equal(1, body.GetProperty("lines").GetInt32());
        var line = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Lever == "Header check", Ct));
        Assert.Equal((4210L, "GBP", EarningStatus.Estimated, (Guid?)null), (line.AmountMinor, line.Currency, line.Status, line.LocationId));
    }

    [Fact]
    public async Task OpenApi_DocumentsTheImportsCsvBody()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json", Ct)).OkJsonAsync();

        var import = document.GetProperty("paths").GetProperty("/api/v1/operator/incentives/earnings/import").GetProperty("post");
        Assert.True(import.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.Contains("5,000 rows", import.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_TheMaximumOf5000Lines_IsWrittenWhole()
    {
        var contosoId = await PartnerIdAsync(IncentivesDemoData.Contoso);
        var seattle = await LocationPartnerIdAsync(IncentivesDemoData.Contoso, "Seattle");
        var rows = Enumerable.Range(1, EarningImportService.MaxRows)
            .Select(i => $"{contosoId},{seattle},Solutions Partner incentive,Bulk check {i:D4} — Azure consumption growth for customer tenant,2025-{i % 12 + 1:D2},{i}.25,USD,Accrued,,");
        var csv = Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";
        Assert.True(Encoding.UTF8.GetByteCount(csv) > 64 * 1024, "larger than an ordinary API body");
        var olivia = await factory.StaffClientAsync(Olivia);

        var body = await (await olivia.ImportCsvAsync(csv)).OkJsonAsync();

        Assert.Equal(EarningImportService.MaxRows, body.GetProperty("lines").GetInt32());
        Assert.Equal(EarningImportService.MaxRows, await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.Lever.StartsWith("Bulk check"), Ct)));
        var total = body.GetProperty("organizations")[0].GetProperty("totals")[0];
        Assert.Equal(Enumerable.Range(1, EarningImportService.MaxRows).Sum(i => i + 0.25m), total.GetProperty("amount").GetDecimal());
    }
}
