using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Operator.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;
using static Portico.Tests.Incentives.OperatorIncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>
/// The earnings import's vendor references, history and checks: a known reference updates its line (status forward only,
/// Paid final, an open dispute keeps the amount), the same file twice is refused, and a check only writes nothing.
/// </summary>
public sealed class EarningImportReferenceTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private const string WithReference = Header + ",reference";
    private const string Imports = "/api/v1/operator/incentives/imports";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> ContosoPartnerIdAsync() =>
        factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == IncentivesDemoData.Contoso).Select(o => o.PartnerId).SingleAsync(Ct));

    private static string Ref(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static string Csv(params string[] rows) => WithReference + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private static string Row(
        string partnerId, string reference, string lever, string amount = "100.00", string status = "Accrued", string paidOn = "", string hold = "",
        string currency = "USD", string period = "2026-10") =>
        string.Join(',', partnerId, "", "Solutions Partner incentive", lever, period, amount, currency, status, paidOn, hold, reference);

    private static List<string> Rows(JsonElement problem) =>
        [.. problem.GetProperty("rows").EnumerateArray().Select(r => $"{r.GetProperty("row").GetInt32()}:{(r.TryGetProperty("column", out var c) ? c.GetString() : "")}:{r.GetProperty("code").GetString()}")];

    private static (int Added, int Updated, int Unchanged) Counts(JsonElement body) =>
        (body.GetProperty("added").GetInt32(), body.GetProperty("updated").GetInt32(), body.GetProperty("unchanged").GetInt32());

    private Task<string> StateAsync() =>
        factory.WithDbAsync(async db => await factory.DeskStateAsync() + ";" + await db.EarningImports.CountAsync(Ct)
            + ";" + string.Join(",", await db.EarningLines.OrderBy(e => e.Id).Select(e => e.Id.ToString() + e.Reference + e.UpdatedUtc.Ticks + e.PaidOn + e.HoldReason).ToListAsync(Ct)));

    /// <summary>A Contoso organization-wide line written directly, as an earlier import would have left it.</summary>
    private async Task<EarningLine> LineAsync(string reference, string lever, long amountMinor, EarningStatus status, DateOnly? paidOn = null, string? hold = null)
    {
        var line = new EarningLine
        {
            OrganizationId = await factory.ContosoAsync(), Program = "Solutions Partner incentive", Lever = lever, Period = new DateOnly(2026, 10, 1),
            AmountMinor = amountMinor, Currency = "USD", Status = status, PaidOn = paidOn, HoldReason = hold, Reference = reference,
            CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
        };
        await factory.WithDbAsync(async db =>
        {
            db.EarningLines.Add(line);
            return await db.SaveChangesAsync(Ct);
        });
        return line;
    }

    private Task<EarningLine> StoredAsync(Guid id) => factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Id == id, Ct));

    [Fact]
    public async Task Import_RowWithAKnownReference_UpdatesTheLineStatusAndAmount_AuditsTheCounts_AndThePartnerSeesTheReference()
    {
        var contoso = await factory.ContosoAsync();
        var partnerId = await ContosoPartnerIdAsync();
        var reference = Ref("UPD");
        var olivia = await factory.StaffClientAsync(Olivia);

        var first = await (await olivia.ImportCsvAsync(Csv(Row(partnerId, reference, "Update check", "100.00", "Estimated")))).OkJsonAsync();
        Assert.Equal((1, 0, 0), Counts(first));
        var line = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Reference == reference, Ct));
        Assert.Equal((10_000L, EarningStatus.Estimated), (line.AmountMinor, line.Status));

        var lastAudit = await factory.WithDbAsync(db => db.AuditEvents.MaxAsync(e => e.Id, Ct));
        var second = await (await olivia.ImportCsvAsync(Csv(
            Row(partnerId, reference, "Update check", "120.50", "Accrued"),
            Row(partnerId, "", "Update check — added", "5.00")))).OkJsonAsync();

        Assert.Equal((1, 1, 0), Counts(second));
        Assert.Equal(2, second.GetProperty("lines").GetInt32());
        var contosoResult = second.GetProperty("organizations").EnumerateArray().Single(o => o.GetProperty("organizationId").GetGuid() == contoso);
        Assert.Equal((1, 1, 0), Counts(contosoResult));
        Assert.Equal(125.50m, contosoResult.GetProperty("totals")[0].GetProperty("amount").GetDecimal());
        var updated = await StoredAsync(line.Id);
        Assert.Equal((12_050L, EarningStatus.Accrued, line.CreatedUtc), (updated.AmountMinor, updated.Status, updated.CreatedUtc));
        Assert.Equal(1, await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.Lever == "Update check", Ct)));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.Id > lastAudit && e.Type == AuditEventType.EarningLinesImported && e.TargetOrganizationId == contoso, Ct));
        Assert.Contains("\"added\":1", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"updated\":1", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"movedTo\":{\"Accrued\":1}", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, audit.Details, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(
            e => e.Id > lastAudit && e.Type == AuditEventType.EarningLinesImported && e.TargetOrganizationId == null && e.Details!.Contains("\"updated\":1"), Ct)));

        var paid = await (await olivia.ImportCsvAsync(Csv(Row(partnerId, reference, "Update check", "120.50", "Paid", paidOn: "2026-12-15")))).OkJsonAsync();
        Assert.Equal((0, 1, 0), Counts(paid));

        var jordan = await factory.IncentivesClientAsync(Jordan);
        var detail = await (await jordan.GetAsync($"{Earnings(contoso)}/{line.Id}", Ct)).OkJsonAsync();
        Assert.Equal(reference, detail.GetProperty("line").GetProperty("reference").GetString());
        Assert.Equal(("Paid", 120.50m), (detail.GetProperty("line").GetProperty("status").GetString(), detail.GetProperty("line").GetProperty("amount").GetDecimal()));
        var list = await (await jordan.GetAsync(Earnings(contoso) + "?pageSize=100&from=2026-10&to=2026-10&status=Paid", Ct)).OkJsonAsync();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), e => e.GetProperty("reference").GetString() == reference);
    }

    [Fact]
    public async Task Import_RowsBreakingTheReferenceRules_AnswerEachCode_AndWriteNothing()
    {
        var partnerId = await ContosoPartnerIdAsync();
        var paid = await LineAsync(Ref("PAID"), "Rules check — paid", 50_000, EarningStatus.Paid, paidOn: new DateOnly(2026, 12, 15));
        var accrued = await LineAsync(Ref("ACC"), "Rules check — accrued", 20_000, EarningStatus.Accrued);
        var otherAccrued = await LineAsync(Ref("ACC"), "Rules check — accrued in USD", 20_000, EarningStatus.Accrued);
        var onHold = await LineAsync(Ref("HOLD"), "Rules check — held", 30_000, EarningStatus.OnHold, hold: HoldReasons.UnderReview);
        var (disputedId, _) = await factory.NewDisputeAsync(amountMinor: 40_000, lever: "Rules check — disputed");
        var disputedReference = Ref("DISP");
        await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == disputedId).ExecuteUpdateAsync(u => u.SetProperty(e => e.Reference, disputedReference), Ct));
        var fresh = Ref("NEW");
        var olivia = await factory.StaffClientAsync(Olivia);
        var before = await StateAsync();

        (string Row, string Expected)[] cases =
        [
            (Row(partnerId, paid.Reference!, paid.Lever, "600.00", "Paid", paidOn: "2026-12-15"), "reference:line_paid"),
            (Row(partnerId, accrued.Reference!, accrued.Lever, "200.00", "Estimated"), "status:status_backwards"),
            (Row(partnerId, onHold.Reference!, onHold.Lever, "300.00", "Estimated"), "status:status_backwards"),
            (Row(partnerId, disputedReference, "Rules check — disputed", "450.00", "Accrued", period: "2026-07"), "amount:line_disputed"),
            (Row(partnerId, otherAccrued.Reference!, otherAccrued.Lever, "200.00", "Accrued", currency: "EUR"), "currency:currency_changed"),
            (Row(partnerId, "bad reference!", "Rules check — new"), "reference:invalid_value"),
            (Row(partnerId, "INC\u00e9-1", "Rules check — new"), "reference:invalid_value"),
            (Row(partnerId, new string('R', 65), "Rules check — new"), "reference:too_long"),
            (Row(partnerId, "INC-\u0007", "Rules check — new"), "reference:invalid_characters"),
            (Row(partnerId, fresh, "Rules check — new"), ""),
            (Row(partnerId, fresh, "Rules check — new again"), "reference:reference_duplicate"),
        ];
        var problem = await (await olivia.ImportCsvAsync(Csv([.. cases.Select(c => c.Row)]))).AssertProblemAsync(HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid);

        Assert.Equal(cases.Select((c, i) => (c.Expected, Row: i + 2)).Where(c => c.Expected.Length > 0).Select(c => $"{c.Row}:{c.Expected}"), Rows(problem));
        Assert.All(problem.GetProperty("rows").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("message").GetString())));
        Assert.Equal(before, await StateAsync());
        Assert.False(await factory.WithDbAsync(db => db.EarningLines.AnyAsync(e => e.Reference == fresh, Ct)));

        var dryRun = await (await olivia.ImportCsvAsync(Csv(cases[2].Row), dryRun: true)).AssertProblemAsync(HttpStatusCode.BadRequest, IncentiveDeskErrors.ImportInvalid);
        Assert.Equal(["2:status:status_backwards"], Rows(dryRun));
        Assert.Equal(before, await StateAsync());
    }

    [Fact]
    public async Task Import_ALineChangedAfterTheImportCheckedIt_Answers409_AndWritesNothing()
    {
        var partnerId = await ContosoPartnerIdAsync();
        var line = await LineAsync(Ref("RACE"), "Race check", 40_000, EarningStatus.Accrued);
        var olivia = await factory.StaffClientAsync(Olivia);
        var before = await StateAsync();

        // Note: what opening a dispute does to the line (a new version), done right after the import read the lines it
        // updates, i.e. between its "no open dispute" check and its write.
        factory.Commands.OnceAfterReading(
            sql => sql.Contains("FROM \"EarningLines\"", StringComparison.Ordinal) && sql.Contains("\"Reference\" IS NOT NULL", StringComparison.Ordinal),
            () => factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == line.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Version, Guid.NewGuid()), Ct)));
        var response = await olivia.ImportCsvAsync(Csv(Row(partnerId, line.Reference!, "Race check", "450.00", "Accrued")));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, IncentiveDeskErrors.ImportConflict);
        Assert.Equal(before, await StateAsync());
        Assert.Equal(40_000L, (await StoredAsync(line.Id)).AmountMinor);
    }

    [Fact]
    public async Task OpeningADispute_ChangesTheLinesVersion_SoAnImportCheckedBeforeItCannotWrite()
    {
        var line = await LineAsync(Ref("VER"), "Version check", 30_000, EarningStatus.Accrued);
        var jordan = await factory.IncentivesClientAsync(Jordan);

        await (await jordan.OpenDisputeAsync(await factory.ContosoAsync(), line.Id, "AmountIncorrect", "Three sessions, not two.")).OkJsonAsync(HttpStatusCode.Created);

        Assert.NotEqual(line.Version, (await StoredAsync(line.Id)).Version);
    }

    [Fact]
    public async Task Import_IdenticalRows_CountAsUnchanged_WithoutWriting_AndADisputedLineMayStillMoveItsStatus()
    {
        var contoso = await factory.ContosoAsync();
        var partnerId = await ContosoPartnerIdAsync();
        var paid = await LineAsync(Ref("SAME"), "Unchanged check — paid", 50_000, EarningStatus.Paid, paidOn: new DateOnly(2026, 12, 15));
        var (disputedId, _) = await factory.NewDisputeAsync(amountMinor: 40_000, lever: "Unchanged check — disputed");
        var disputedReference = Ref("DISP");
        await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == disputedId).ExecuteUpdateAsync(u => u.SetProperty(e => e.Reference, disputedReference), Ct));
        var olivia = await factory.StaffClientAsync(Olivia);
        var lastAudit = await factory.WithDbAsync(db => db.AuditEvents.MaxAsync(e => e.Id, Ct));

        // Note: read back, not taken from the entity written: PostgreSQL keeps microseconds, .NET ticks of 100 ns.
        var paidUpdatedUtc = (await StoredAsync(paid.Id)).UpdatedUtc;
        var body = await (await olivia.ImportCsvAsync(Csv(
            Row(partnerId, paid.Reference!, paid.Lever, "500.00", "Paid", paidOn: "2026-12-15"),
            Row(partnerId, disputedReference, "Unchanged check — disputed", "400.00", "OnHold", hold: HoldReasons.UnderReview, period: "2026-07")))).OkJsonAsync();

        Assert.Equal((0, 1, 1), Counts(body));
        Assert.Equal(paidUpdatedUtc, (await StoredAsync(paid.Id)).UpdatedUtc);
        var disputed = await StoredAsync(disputedId);
        Assert.Equal((40_000L, EarningStatus.OnHold, HoldReasons.UnderReview), (disputed.AmountMinor, disputed.Status, disputed.HoldReason!));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.Id > lastAudit && e.Type == AuditEventType.EarningLinesImported && e.TargetOrganizationId == contoso, Ct));
        Assert.Contains("\"unchanged\":1", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"movedTo\":{\"OnHold\":1}", audit.Details, StringComparison.Ordinal);

        var unchangedOnly = Csv(Row(partnerId, paid.Reference!, paid.Lever, "500.00", "Paid", paidOn: "2026-12-15"));
        var lastAuditBefore = await factory.WithDbAsync(db => db.AuditEvents.MaxAsync(e => e.Id, Ct));
        Assert.Equal((0, 0, 1), Counts(await (await olivia.ImportCsvAsync(unchangedOnly)).OkJsonAsync()));
        Assert.False(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Id > lastAuditBefore && e.TargetOrganizationId == contoso, Ct)));
    }

    [Fact]
    public async Task Import_TheSameFileTwice_Answers409NamingWhenAndByWhom_AndWritesNothing()
    {
        var partnerId = await ContosoPartnerIdAsync();
        var csv = Header + "\n" + partnerId + ",,Solutions Partner incentive,Twice check,2026-10,75.00,USD,Accrued,,\n";
        var olivia = await factory.StaffClientAsync(Olivia);
        var first = await (await olivia.ImportCsvAsync(csv, fileName: "twice-check.csv")).OkJsonAsync();
        var importId = first.GetProperty("importId").GetGuid();
        var before = await StateAsync();

        foreach (var dryRun in new[] { false, true })
        {
            var problem = await (await olivia.ImportCsvAsync(csv, fileName: "renamed.csv", dryRun: dryRun))
                .AssertProblemAsync(HttpStatusCode.Conflict, IncentiveDeskErrors.ImportAlreadyImported);

            Assert.Equal(importId, problem.GetProperty("importId").GetGuid());
            Assert.Equal("Olivia Operator", problem.GetProperty("importedBy").GetString());
            Assert.Equal("twice-check.csv", problem.GetProperty("fileName").GetString());
            Assert.Contains("Olivia Operator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", problem.GetProperty("detail").GetString());
            Assert.Equal(before, await StateAsync());
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.Lever == "Twice check", Ct)));

        var japanese = await factory.StaffClientAsync(Olivia);
        japanese.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");
        var ja = await (await japanese.ImportCsvAsync(csv)).AssertProblemAsync(HttpStatusCode.Conflict, IncentiveDeskErrors.ImportAlreadyImported);
        Assert.Contains("インポート済み", ja.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_CheckOnly_AnswersTheSameCounts_WritesNothing_AndRecordsNoImport()
    {
        var partnerId = await ContosoPartnerIdAsync();
        var existing = await LineAsync(Ref("DRY"), "Dry run check", 20_000, EarningStatus.Accrued);
        var csv = Csv(
            Row(partnerId, existing.Reference!, existing.Lever, "200.00", "Paid", paidOn: "2026-12-15"),
            Row(partnerId, Ref("DRYNEW"), "Dry run check — new", "10.00"));
        var olivia = await factory.StaffClientAsync(Olivia);
        var before = await StateAsync();

        var check = await (await olivia.ImportCsvAsync(csv, dryRun: true)).OkJsonAsync();

        Assert.True(check.GetProperty("dryRun").GetBoolean());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("importId").ValueKind);
        Assert.Equal((1, 1, 0), Counts(check));
        Assert.Equal(before, await StateAsync());

        var real = await (await olivia.ImportCsvAsync(csv)).OkJsonAsync();
        Assert.False(real.GetProperty("dryRun").GetBoolean());
        Assert.Equal((1, 1, 0), Counts(real));
        Assert.Equal(EarningStatus.Paid, (await StoredAsync(existing.Id)).Status);
    }

    [Fact]
    public async Task ImportHistory_ListsImportsNewestFirst_WithPaging_AndRefusesBadParameters()
    {
        var partnerId = await ContosoPartnerIdAsync();
        var olivia = await factory.StaffClientAsync(Olivia);
        await (await olivia.ImportCsvAsync(Csv(Row(partnerId, Ref("H1"), "History check 1")), fileName: "history-1.csv")).OkJsonAsync();
        var second = await (await olivia.ImportCsvAsync(Csv(Row(partnerId, Ref("H2"), "History check 2"), Row(partnerId, "", "History check 3")), fileName: "C:\\exports\\history-2.csv")).OkJsonAsync();

        var page = await (await olivia.GetAsync(Imports + "?pageSize=1", Ct)).OkJsonAsync();

        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 2);
        var latest = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(second.GetProperty("importId").GetGuid(), latest.GetProperty("id").GetGuid());
        Assert.Equal(("history-2.csv", "Olivia Operator", 2, 2, 0, 0, 1), (latest.GetProperty("fileName").GetString(), latest.GetProperty("importedBy").GetString(),
            latest.GetProperty("rows").GetInt32(), latest.GetProperty("added").GetInt32(), latest.GetProperty("updated").GetInt32(),
            latest.GetProperty("unchanged").GetInt32(), latest.GetProperty("organizations").GetInt32()));
        Assert.Equal(64, latest.GetProperty("sha256").GetString()!.Length);
        var next = await (await olivia.GetAsync(Imports + "?pageSize=1&page=2", Ct)).OkJsonAsync();
        Assert.Equal("history-1.csv", next.GetProperty("items")[0].GetProperty("fileName").GetString());

        var before = await StateAsync();
        foreach (var query in new[] { "?pageSize=0", "?pageSize=101", "?page=abc", "?page=-1" })
        {
            await (await olivia.GetAsync(Imports + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        var csv = Csv(Row(partnerId, Ref("BAD"), "History check bad"));
        foreach (var (dryRun, fileName) in new[] { ("yes", "a.csv"), ("1", "a.csv"), ("true", "bell\u0007.csv"), ("false", new string('f', 256)) })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            var response = await olivia.PostAsync($"{Import}?dryRun={Uri.EscapeDataString(dryRun)}&fileName={Uri.EscapeDataString(fileName)}", content, Ct);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }

        Assert.Equal(before, await StateAsync());

        var jordan = await factory.IncentivesClientAsync(Jordan);
        await (await jordan.GetAsync(Imports, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task DemoLines_CarryVendorReferences()
    {
        var references = await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Lever == IncentivesDemoData.DisputedLever).Select(e => e.Reference).ToListAsync(Ct));

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Matches(@"^INC-\d{4}-\d{6}$", r));
    }
}
