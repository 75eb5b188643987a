using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Operator.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;
using static Portico.Tests.Incentives.OperatorIncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>
/// The vendor's desk adjusting one earnings line through the API: the line and its history change together, audited in
/// both chains without the note, the partner's admins emailed and shown the history; every refusal writes nothing.
/// </summary>
public sealed class EarningAdjustmentApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    public const string Lines = "/api/v1/operator/incentives/earnings";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new Contoso line written directly (as an import would), at <paramref name="location"/> or organization-wide.</summary>
    private async Task<EarningLine> NewLineAsync(
        string lever, long amountMinor = 250_000, EarningStatus status = EarningStatus.Accrued, string currency = "USD", string? location = null)
    {
        var contoso = await factory.ContosoAsync();
        var line = new EarningLine
        {
            OrganizationId = contoso, Program = "Solutions Partner incentive", Lever = lever, Period = new DateOnly(2026, 8, 1),
            LocationId = location is null ? null : await factory.LocationIdAsync(contoso, location),
            AmountMinor = amountMinor, Currency = currency, Status = status,
            PaidOn = status == EarningStatus.Paid ? new DateOnly(2026, 10, 15) : null,
            HoldReason = status == EarningStatus.OnHold ? HoldReasons.UnderReview : null,
            CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
        };
        await factory.WithDbAsync(async db =>
        {
            db.EarningLines.Add(line);
            return await db.SaveChangesAsync(Ct);
        });
        return line;
    }

    /// <summary>Every line's amount, status and version, the adjustments and the audit rows: what a refused adjustment must leave unchanged.</summary>
    private Task<string> StateAsync() =>
        factory.WithDbAsync(async db =>
            string.Join(",", await db.EarningLines.OrderBy(e => e.Id).Select(e => e.Id.ToString() + e.Status + e.AmountMinor + e.Version + e.PaidOn + e.HoldReason).ToListAsync(Ct))
            + ";" + await db.EarningAdjustments.CountAsync(Ct)
            + ";" + await db.AuditEvents.CountAsync(Ct));

    private async Task<JsonElement> AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error)
    {
        var before = await StateAsync();
        var mails = factory.Outbox.All().Count;
        var problem = await (await call()).AssertProblemAsync(status, error);
        Assert.Equal(before, await StateAsync());
        Assert.Equal(mails, factory.Outbox.All().Count);
        return problem;
    }

    private static async Task<Guid> VersionAsync(HttpClient staff, Guid lineId) =>
        (await (await staff.GetAsync($"{Lines}/{lineId}", Ct)).OkJsonAsync()).GetProperty("version").GetGuid();

    private static Task<HttpResponseMessage> AdjustAsync(HttpClient client, Guid lineId, object body) =>
        client.PostAsJsonAsync($"{Lines}/{lineId}/adjustments", body, Ct);

    [Fact]
    public async Task Adjust_AmountAndStatus_ChangesTheLine_KeepsTheHistory_AuditsBothChainsWithoutTheNote_AndEmailsTheAdmins()
    {
        var line = await NewLineAsync("Adjust amount and status");
        var contoso = await factory.ContosoAsync();
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, line.Id);
        var sentBefore = factory.Outbox.To(Jordan).Count;

        var body = await (await AdjustAsync(olivia, line.Id, new
        {
            amount = 3125.50m, status = "Paid", paidOn = "2026-11-20", currency = "USD", reason = "CalculationError",
            note = "Confidential-looking note: five workshops confirmed by the PDM.", version,
        })).OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal(3125.50m, body.GetProperty("amount").GetDecimal());
        Assert.Equal("Paid", body.GetProperty("status").GetString());
        Assert.NotEqual(version, body.GetProperty("version").GetGuid());
        var shown = Assert.Single(body.GetProperty("adjustments").EnumerateArray());
        Assert.Equal("CalculationError", shown.GetProperty("reason").GetString());
        Assert.Equal(2500.00m, shown.GetProperty("previousAmount").GetDecimal());
        Assert.Equal(3125.50m, shown.GetProperty("newAmount").GetDecimal());
        Assert.Equal("Accrued", shown.GetProperty("previousStatus").GetString());
        Assert.Equal("Paid", shown.GetProperty("newStatus").GetString());
        Assert.Equal("Olivia Operator", shown.GetProperty("adjustedByName").GetString());

        var stored = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Id == line.Id, Ct));
        Assert.Equal(312_550, stored.AmountMinor);
        Assert.Equal(EarningStatus.Paid, stored.Status);
        Assert.Equal(new DateOnly(2026, 11, 20), stored.PaidOn);
        Assert.Equal("USD", stored.Currency);
        var oliviaId = await factory.WithDbAsync(db => db.Users.Where(a => a.Email == Olivia).Select(a => a.Id).SingleAsync(Ct));
        var record = await factory.WithDbAsync(db => db.EarningAdjustments.AsNoTracking().SingleAsync(a => a.EarningLineId == line.Id, Ct));
        Assert.Equal((oliviaId, 250_000L, 312_550L, EarningStatus.Accrued, EarningStatus.Paid, AdjustmentReason.CalculationError, contoso),
            (record.AdjustedByAccountId, record.PreviousAmountMinor, record.NewAmountMinor, record.PreviousStatus, record.NewStatus, record.Reason, record.OrganizationId));

        var audits = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.EarningLineAdjusted && e.Details!.Contains(line.Id.ToString())).ToListAsync(Ct));
        Assert.Equal(2, audits.Count);
        Assert.Contains(audits, e => e.TargetOrganizationId == contoso && e.Chain == contoso.ToString("N"));
        Assert.Contains(audits, e => e.TargetOrganizationId == null && e.Chain == AuditEvent.PlatformChain);
        Assert.All(audits, e => Assert.Equal(oliviaId, e.ActorAccountId));
        foreach (var expected in new[]
        {
            "\"reason\":\"CalculationError\"", "\"previousAmount\":\"2500.00\"", "\"newAmount\":\"3125.50\"", "\"currency\":\"USD\"",
            "\"previousStatus\":\"Accrued\"", "\"newStatus\":\"Paid\"", "\"noteGiven\":true", $"\"adjustmentId\":\"{record.Id}\"",
        })
        {
            Assert.All(audits, e => Assert.Contains(expected, e.Details, StringComparison.Ordinal));
        }

        Assert.All(audits, e => Assert.DoesNotContain("Confidential", e.Details, StringComparison.Ordinal));

        var mail = factory.Outbox.To(Jordan);
        Assert.Equal(sentBefore + 1, mail.Count);
        Assert.Contains("adjusted", mail[^1].Subject, StringComparison.Ordinal);
        Assert.Contains("Calculation error", mail[^1].TextBody, StringComparison.Ordinal);
        Assert.Contains("2,500.00 USD → 3,125.50 USD", mail[^1].TextBody, StringComparison.Ordinal);
        Assert.Contains("Accrued → Paid", mail[^1].TextBody, StringComparison.Ordinal);
        Assert.Contains($"/Incentives/Earning/{line.Id}", mail[^1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerView_ShowsTheHistoryToTheOrganizationWithinItsScope_AndNotToOthers()
    {
        var line = await NewLineAsync("Adjust partner view", amountMinor: 100_000, location: "Seattle");
        var contoso = await factory.ContosoAsync();
        var olivia = await factory.StaffClientAsync(Olivia);
        await (await AdjustAsync(olivia, line.Id, new { amount = 0m, reason = "DuplicateLine", version = await VersionAsync(olivia, line.Id) })).OkJsonAsync(HttpStatusCode.Created);

        foreach (var email in new[] { Jordan, Riley })
        {
            var partner = await factory.IncentivesClientAsync(email);
            var seen = await (await partner.GetAsync($"{Earnings(contoso)}/{line.Id}", Ct)).OkJsonAsync();
            Assert.Equal(0m, seen.GetProperty("line").GetProperty("amount").GetDecimal());
            var adjustment = Assert.Single(seen.GetProperty("adjustments").EnumerateArray());
            Assert.Equal("DuplicateLine", adjustment.GetProperty("reason").GetString());
            Assert.Equal(1000.00m, adjustment.GetProperty("previousAmount").GetDecimal());
            Assert.Equal(0m, adjustment.GetProperty("newAmount").GetDecimal());
            Assert.Equal("Olivia Operator", adjustment.GetProperty("adjustedByName").GetString());
            Assert.Equal(JsonValueKind.Null, adjustment.GetProperty("note").ValueKind);
        }

        var (seattle, _) = await factory.ScopedClientAsync(Roles.IncentivesAdmin, "Seattle");
        Assert.Single((await (await seattle.GetAsync($"{Earnings(contoso)}/{line.Id}", Ct)).OkJsonAsync()).GetProperty("adjustments").EnumerateArray());
        var (tokyo, _) = await factory.ScopedClientAsync(Roles.IncentivesAdmin, "Tokyo");
        await (await tokyo.GetAsync($"{Earnings(contoso)}/{line.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);

        var nora = await factory.IncentivesClientAsync(Nora);
        await (await nora.GetAsync($"{Earnings(contoso)}/{line.Id}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var northwind = await factory.OrganizationIdAsync("Northwind Distribution");
        var own = await nora.GetAsync($"{Earnings(northwind)}/{line.Id}", Ct);
        Assert.True(own.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"got {(int)own.StatusCode}");
        Assert.DoesNotContain("DuplicateLine", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adjust_StatusOnly_MovesForward_ClearsTheHoldReason_AndAStatusOnlyNoteIsOptional()
    {
        var line = await NewLineAsync("Adjust hold release", status: EarningStatus.OnHold);
        var olivia = await factory.StaffClientAsync(Olivia);

        var body = await (await AdjustAsync(olivia, line.Id, new { status = "Accrued", reason = "PayoutFailed", version = await VersionAsync(olivia, line.Id) }))
            .OkJsonAsync(HttpStatusCode.Created);

        Assert.Equal("Accrued", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("holdReason").ValueKind);
        Assert.Equal(2500.00m, body.GetProperty("amount").GetDecimal());
        var second = await (await AdjustAsync(olivia, line.Id, new
        {
            status = "OnHold", holdReason = HoldReasons.BankDetailsMissing, reason = "Other", note = "The bank returned the payment.", version = body.GetProperty("version").GetGuid(),
        })).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HoldReasons.BankDetailsMissing, second.GetProperty("holdReason").GetString());
        var history = second.GetProperty("adjustments").EnumerateArray().ToList();
        Assert.Equal(["Other", "PayoutFailed"], history.Select(a => a.GetProperty("reason").GetString()));
        Assert.Equal("The bank returned the payment.", history[0].GetProperty("note").GetString());
    }

    [Fact]
    public async Task Adjust_WithAnOpenDispute_Answers409EarningDisputed_AndWritesNothing()
    {
        var (lineId, _) = await factory.NewDisputeAsync(lever: "Adjust disputed check");
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, lineId);

        await AssertRefusedAsync(() => AdjustAsync(olivia, lineId, new { amount = 1m, reason = "CalculationError", version }), HttpStatusCode.Conflict, AdjustmentErrors.LineDisputed);
    }

    [Fact]
    public async Task Adjust_WithAStaleVersion_Answers409EarningChanged_AndWritesNothing()
    {
        var line = await NewLineAsync("Adjust stale check");
        var olivia = await factory.StaffClientAsync(Olivia);
        var stale = await VersionAsync(olivia, line.Id);
        await (await AdjustAsync(olivia, line.Id, new { amount = 2600m, reason = "CalculationError", version = stale })).OkJsonAsync(HttpStatusCode.Created);

        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, new { amount = 2700m, reason = "CalculationError", version = stale }), HttpStatusCode.Conflict, IncentiveErrors.EarningChanged);
    }

    [Fact]
    public async Task Adjust_AfterADisputeWasOpenedOnTheLine_WithTheVersionReadBefore_Answers409EarningChanged()
    {
        var line = await NewLineAsync("Adjust race with dispute");
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, line.Id);
        var contoso = await factory.ContosoAsync();
        await (await (await factory.IncentivesClientAsync(Jordan)).OpenDisputeAsync(contoso, line.Id)).OkJsonAsync(HttpStatusCode.Created);

        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, new { amount = 1m, reason = "CalculationError", version }), HttpStatusCode.Conflict, IncentiveErrors.EarningChanged);
    }

    [Theory]
    [InlineData(EarningStatus.Accrued, "Estimated", AdjustmentErrors.StatusBackwards)]
    [InlineData(EarningStatus.OnHold, "Estimated", AdjustmentErrors.StatusBackwards)]
    [InlineData(EarningStatus.Paid, "Accrued", AdjustmentErrors.StatusBackwards)]
    [InlineData(EarningStatus.Paid, "OnHold", AdjustmentErrors.StatusBackwards)]
    [InlineData(EarningStatus.Paid, null, AdjustmentErrors.LinePaid)]
    public async Task Adjust_BackwardsOrOnAPaidLine_Answers409_AndWritesNothing(EarningStatus from, string? to, string error)
    {
        var line = await NewLineAsync($"Adjust backwards {from} {to}", status: from);
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, line.Id);
        object body = to switch
        {
            null => new { amount = 1m, reason = "CalculationError", version },
            "OnHold" => new { status = to, holdReason = HoldReasons.UnderReview, reason = "PayoutFailed", version },
            _ => new { status = to, reason = "PayoutFailed", version },
        };

        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, body), HttpStatusCode.Conflict, error);
    }

    [Fact]
    public async Task Adjust_ThatChangesNothing_OrInAnotherCurrency_Answers400_AndWritesNothing()
    {
        var line = await NewLineAsync("Adjust no-op check", currency: "JPY", amountMinor: 120_000);
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, line.Id);

        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, new { amount = 120_000m, status = "Accrued", reason = "CalculationError", version }), HttpStatusCode.BadRequest, AdjustmentErrors.NoChange);
        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, new { reason = "CalculationError", version }), HttpStatusCode.BadRequest, AdjustmentErrors.NoChange);
        await AssertRefusedAsync(() => AdjustAsync(olivia, line.Id, new { amount = 130_000m, currency = "USD", reason = "CalculationError", version }), HttpStatusCode.BadRequest, AdjustmentErrors.CurrencyChanged);
        await AssertRefusedAsync(() => AdjustAsync(olivia, Guid.NewGuid(), new { amount = 1m, reason = "CalculationError", version }), HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);
    }

    public static TheoryData<string, string> BadFields => new()
    {
        { "{\"amount\":1,\"version\":\"$v\"}", "reason:required" },
        { "{\"amount\":1,\"reason\":\"\",\"version\":\"$v\"}", "reason:required" },
        { "{\"amount\":1,\"reason\":\"calculationerror\",\"version\":\"$v\"}", "reason:invalid_value" },
        { "{\"amount\":1,\"reason\":\"1\",\"version\":\"$v\"}", "reason:invalid_value" },
        { "{\"amount\":1,\"reason\":\"Goodwill\",\"version\":\"$v\"}", "reason:invalid_value" },
        { "{\"amount\":1,\"reason\":\"Other\",\"version\":\"$v\"}", "note:required" },
        { "{\"amount\":1,\"reason\":\"Other\",\"note\":\"   \",\"version\":\"$v\"}", "note:required" },
        { "{\"amount\":1,\"reason\":\"Other\",\"note\":\"" + new string('n', EarningAdjustment.NoteMaxLength + 1) + "\",\"version\":\"$v\"}", "note:too_long" },
        { "{\"amount\":1,\"reason\":\"CalculationError\",\"note\":\"Bell\\u0007\",\"version\":\"$v\"}", "note:invalid_characters" },
        { "{\"amount\":1,\"reason\":\"CalculationError\",\"note\":\"Nul\\u0000\",\"version\":\"$v\"}", "note:invalid_characters" },
        { "{\"amount\":1.234,\"reason\":\"CalculationError\",\"version\":\"$v\"}", "amount:invalid_value" },
        { "{\"amount\":10000000000000,\"reason\":\"CalculationError\",\"version\":\"$v\"}", "amount:out_of_range" },
        { "{\"status\":\"paid\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "status:invalid_value" },
        { "{\"status\":\"Void\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "status:invalid_value" },
        { "{\"status\":\"2\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "status:invalid_value" },
        { "{\"status\":\"Paid\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "paidOn:required" },
        { "{\"status\":\"Paid\",\"paidOn\":\"20/11/2026\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "paidOn:invalid_value" },
        { "{\"amount\":1,\"paidOn\":\"2026-11-20\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "paidOn:invalid_value" },
        { "{\"status\":\"OnHold\",\"reason\":\"PayoutFailed\",\"version\":\"$v\"}", "holdReason:required" },
        { "{\"status\":\"OnHold\",\"holdReason\":\"vacation\",\"reason\":\"PayoutFailed\",\"version\":\"$v\"}", "holdReason:invalid_value" },
        { "{\"amount\":1,\"holdReason\":\"under_review\",\"reason\":\"PayoutFailed\",\"version\":\"$v\"}", "holdReason:invalid_value" },
        { "{\"amount\":1,\"currency\":\"USDX\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "currency:too_long" },
        { "{\"amount\":1,\"currency\":\"U\\u0001D\",\"reason\":\"CalculationError\",\"version\":\"$v\"}", "currency:invalid_characters" },
        { "{\"amount\":1,\"reason\":\"CalculationError\"}", "version:required" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Adjust_WithABadField_Answers400WithTheFieldsCode_AndWritesNothing(string json, string expected)
    {
        var line = await NewLineAsync("Adjust bad field check");
        var olivia = await factory.StaffClientAsync(Olivia);
        var version = await VersionAsync(olivia, line.Id);

        var problem = await AssertRefusedAsync(() => olivia.PostRawAsync($"{Lines}/{line.Id}/adjustments", json.Replace("$v", version.ToString(), StringComparison.Ordinal)),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(expected, problem.FieldErrors());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"amount\": ")]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{\"amount\":\"a lot\",\"reason\":\"CalculationError\"}")]
    [InlineData("{\"version\":\"not-a-guid\",\"amount\":1,\"reason\":\"CalculationError\"}")]
    [InlineData("{\"reason\":5,\"amount\":1}")]
    public async Task Adjust_MalformedJson_Answers400MalformedRequest_AndWritesNothing(string json)
    {
        var line = await NewLineAsync("Adjust malformed check");
        var olivia = await factory.StaffClientAsync(Olivia);

        await AssertRefusedAsync(() => olivia.PostRawAsync($"{Lines}/{line.Id}/adjustments", json), HttpStatusCode.BadRequest, "malformed_request");
    }

    [Theory]
    [InlineData(Sasha)]
    [InlineData(Victor)]
    public async Task DeskLineRoutes_ForOtherStaff_AreForbidden_AndWriteNothing(string email)
    {
        var line = await NewLineAsync("Adjust staff refusal " + email[..5]);
        var staff = await factory.StaffClientAsync(email);

        await AssertRefusedAsync(() => staff.GetAsync(Lines, Ct), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => staff.GetAsync($"{Lines}/{line.Id}", Ct), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => AdjustAsync(staff, line.Id, new { amount = 1m, reason = "CalculationError", version = line.Version }), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData(Jordan)]
    [InlineData(Alex)]
    [InlineData(Nora)]
    public async Task DeskLineRoutes_ForPartners_AreForbiddenWithTheStaffExplanation_AndWriteNothing(string email)
    {
        var line = await NewLineAsync("Adjust partner refusal " + email[..4]);
        var partner = await factory.IncentivesClientAsync(email);

        var problem = await AssertRefusedAsync(() => AdjustAsync(partner, line.Id, new { amount = 1_000_000m, reason = "PolicyException", version = line.Version }), HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("staff_account", problem.ToString(), StringComparison.Ordinal);
        await AssertRefusedAsync(() => partner.GetAsync($"{Lines}/{line.Id}", Ct), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Find_ByOrganizationAndReference_ListsTheLineWithItsAdjustmentCount()
    {
        var olivia = await factory.StaffClientAsync(Olivia);
        var demo = await factory.DemoLineAsync(EarningAdjustmentDemoData.AdjustedLever, null, EarningStatus.Accrued);

        var byReference = await (await olivia.GetAsync($"{Lines}?reference={demo.Reference}", Ct)).OkJsonAsync();
        var row = Assert.Single(byReference.GetProperty("items").EnumerateArray());
        Assert.Equal(demo.Id, row.GetProperty("id").GetGuid());
        Assert.Equal(IncentivesDemoData.Contoso, row.GetProperty("organizationName").GetString());
        Assert.Equal(1, row.GetProperty("adjustments").GetInt32());
        var other = await (await olivia.GetAsync($"{Lines}?org=Northwind&reference={demo.Reference}", Ct)).OkJsonAsync();
        Assert.Equal(0, other.GetProperty("total").GetInt32());
        var paged = await (await olivia.GetAsync($"{Lines}?org=contoso&pageSize=2&page=2", Ct)).OkJsonAsync();
        Assert.Equal(2, paged.GetProperty("items").GetArrayLength());
        Assert.True(paged.GetProperty("total").GetInt32() >= 11);

        var bad = await (await olivia.GetAsync($"{Lines}?pageSize=0&reference=" + new string('r', 65), Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["reference:too_long", "pageSize:out_of_range"], bad.FieldErrors());
    }
}
