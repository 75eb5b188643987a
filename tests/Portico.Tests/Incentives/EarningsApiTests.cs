using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>The earnings API: who sees which lines, totals, filters, export, disputes with their refusals and audit rows.</summary>
public sealed class EarningsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ListAsync(HttpClient client, Guid contoso, string query = "?pageSize=100") =>
        await (await client.GetAsync(Earnings(contoso) + query, Ct)).OkJsonAsync();

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error)
    {
        var before = await factory.IncentivesStateAsync();
        await (await call()).AssertProblemAsync(status, error);
        Assert.Equal(before, await factory.IncentivesStateAsync());
    }

    [Theory]
    [InlineData(Jordan)]
    [InlineData(Alex)]
    [InlineData(Riley)]
    public async Task List_AsOrganizationWideRoleOrGlobalAdmin_ShowsEveryLine(string email)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(email);

        var page = await ListAsync(client, contoso);

        var total = await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.OrganizationId == contoso, Ct));
        Assert.True(total >= 11);
        Assert.Equal(total, page.GetProperty("total").GetInt32());
        Assert.Equal(total, Items(page).Count);
        Assert.Contains(Items(page), e => e.GetProperty("locationId").ValueKind == JsonValueKind.Null);
        Assert.Contains(Items(page), e => e.GetProperty("disputed").GetBoolean());
    }

    [Fact]
    public async Task List_AsLocationScopedUser_ShowsOnlyThatLocationsLines()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var (client, _) = await factory.ScopedClientAsync(Roles.IncentivesUser, "Tokyo");

        var items = Items(await ListAsync(client, contoso));

        var expected = await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.LocationId == tokyo, Ct));
        Assert.True(expected >= 5);
        Assert.Equal(expected, items.Count);
        Assert.All(items, e => Assert.Equal(tokyo, e.GetProperty("locationId").GetGuid()));
        Assert.All(items, e => Assert.Equal("JPY", e.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task List_Totals_AddUpPerCurrencyAndStatus()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(Alex);

        var page = await ListAsync(client, contoso, "?pageSize=2");

        var lines = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().Where(e => e.OrganizationId == contoso).ToListAsync(Ct));
        var totals = page.GetProperty("totals").EnumerateArray().ToList();
        Assert.Equal(["JPY", "USD"], totals.Select(t => t.GetProperty("currency").GetString()));
        foreach (var total in totals)
        {
            var currency = total.GetProperty("currency").GetString();
            var mine = lines.Where(e => e.Currency == currency).ToList();
            Assert.Equal(mine.Sum(e => e.AmountMinor), total.GetProperty("amountMinor").GetInt64());
            Assert.Equal(mine.Count, total.GetProperty("lines").GetInt32());
            foreach (var part in total.GetProperty("byStatus").EnumerateArray())
            {
                var status = Enum.Parse<EarningStatus>(part.GetProperty("status").GetString()!);
                Assert.Equal(mine.Where(e => e.Status == status).Sum(e => e.AmountMinor), part.GetProperty("amountMinor").GetInt64());
            }
        }

        var usd = totals.Single(t => t.GetProperty("currency").GetString() == "USD");
        Assert.Equal(usd.GetProperty("amountMinor").GetInt64() / 100m, usd.GetProperty("amount").GetDecimal());
        Assert.Equal(2, Items(page).Count);
    }

    [Fact]
    public async Task List_Filters_ByStatusProgramAndPeriod_AndPages()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.IncentivesClientAsync(Jordan);

        var onHold = Items(await ListAsync(client, contoso, "?status=OnHold"));
        var reseller = Items(await ListAsync(client, contoso, "?pageSize=100&program=" + Uri.EscapeDataString(IncentivesDemoData.IndirectReseller)));
        var months = Items(await ListAsync(client, contoso, "?pageSize=100&from=2026-08&to=2026-09"));
        var second = await ListAsync(client, contoso, "?pageSize=4&page=2");
        var first = await ListAsync(client, contoso, "?pageSize=4&page=1");

        var hold = Assert.Single(onHold);
        Assert.Equal(HoldReasons.TaxProfileMissing, hold.GetProperty("holdReason").GetString());
        Assert.Equal("Dynamics 365 new customers", hold.GetProperty("lever").GetString());
        Assert.NotEmpty(reseller);
        Assert.All(reseller, e => Assert.Equal(IncentivesDemoData.IndirectReseller, e.GetProperty("program").GetString()));
        Assert.NotEmpty(months);
        Assert.All(months, e => Assert.InRange(e.GetProperty("period").GetString()!, "2026-08", "2026-09"));
        Assert.Equal(4, Items(second).Count);
        Assert.Empty(Items(first).Select(e => e.GetProperty("id").GetGuid()).Intersect(Items(second).Select(e => e.GetProperty("id").GetGuid())));
        Assert.True(string.CompareOrdinal(Items(first)[^1].GetProperty("period").GetString(), Items(second)[0].GetProperty("period").GetString()) >= 0);
    }

    [Fact]
    public async Task Get_LineOutsideScope_AnswersExactlyLikeAMissingLine_AndNothingIsWritten()
    {
        var contoso = await factory.ContosoAsync();
        var tokyoLine = await factory.DemoLineAsync("Microsoft 365 new seats", "Tokyo", EarningStatus.Accrued);
        var orgWideLine = await factory.DemoLineAsync("Security workshops delivered", null, EarningStatus.Accrued);
        var (seattleAdmin, _) = await factory.ScopedClientAsync(Roles.IncentivesAdmin, "Seattle");
        var (tokyoUser, _) = await factory.ScopedClientAsync(Roles.IncentivesUser, "Tokyo");

        var other = await seattleAdmin.GetAsync($"{Earnings(contoso)}/{tokyoLine.Id}", Ct);
        var missing = await seattleAdmin.GetAsync($"{Earnings(contoso)}/{Guid.NewGuid()}", Ct);
        var orgWide = await tokyoUser.GetAsync($"{Earnings(contoso)}/{orgWideLine.Id}", Ct);

        await other.AssertProblemAsync(HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);
        await orgWide.AssertProblemAsync(HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);
        Assert.Equal(await missing.Content.ReadAsStringAsync(Ct), await other.Content.ReadAsStringAsync(Ct));
        await AssertRefusedAsync(() => seattleAdmin.OpenDisputeAsync(contoso, tokyoLine.Id), HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);
        var demoDispute = await factory.DemoDisputeIdAsync();
        var disputedLine = await factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Id == demoDispute).Select(d => d.EarningLineId).SingleAsync(Ct));
        await AssertRefusedAsync(() => seattleAdmin.PostAsJsonAsync($"{Earnings(contoso)}/{disputedLine}/disputes/{demoDispute}/withdraw", new { }, Ct),
            HttpStatusCode.NotFound, IncentiveErrors.EarningNotFound);
    }

    [Fact]
    public async Task Get_DisputedLine_ShowsTheDisputeAndItsComments()
    {
        var contoso = await factory.ContosoAsync();
        var disputeId = await factory.DemoDisputeIdAsync();
        var lineId = await factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Id == disputeId).Select(d => d.EarningLineId).SingleAsync(Ct));
        var riley = await factory.IncentivesClientAsync(Riley);

        var detail = await (await riley.GetAsync($"{Earnings(contoso)}/{lineId}", Ct)).OkJsonAsync();

        Assert.True(detail.GetProperty("line").GetProperty("disputed").GetBoolean());
        Assert.Equal(disputeId, detail.GetProperty("line").GetProperty("openDisputeId").GetGuid());
        Assert.False(detail.GetProperty("canManageDisputes").GetBoolean());
        var dispute = detail.GetProperty("disputes").EnumerateArray().Single(d => d.GetProperty("id").GetGuid() == disputeId);
        Assert.Equal(("AmountIncorrect", "Open", "Jordan Rivera"),
            (dispute.GetProperty("reason").GetString(), dispute.GetProperty("status").GetString(), dispute.GetProperty("openedByName").GetString()));
        Assert.StartsWith("We activated 212", dispute.GetProperty("comments")[0].GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispute_AsIncentivesAdmin_OpensCommentsWithdrawsAndReopens_EachAudited()
    {
        var contoso = await factory.ContosoAsync();
        var jordan = await factory.AccountAsync(Jordan);
        var line = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Accrued);
        var client = await factory.IncentivesClientAsync(Jordan);
        var url = $"{Earnings(contoso)}/{line.Id}";

        var opened = await (await client.OpenDisputeAsync(contoso, line.Id, "PaymentNotReceived", "Accrued in August,\nstill not paid.")).OkJsonAsync(HttpStatusCode.Created);

        Assert.True(opened.GetProperty("line").GetProperty("disputed").GetBoolean());
        var disputeId = opened.GetProperty("line").GetProperty("openDisputeId").GetGuid();
        var dispute = await factory.WithDbAsync(db => db.EarningDisputes.Include(d => d.Comments).AsNoTracking().SingleAsync(d => d.Id == disputeId, Ct));
        Assert.Equal((DisputeReason.PaymentNotReceived, DisputeStatus.Open, jordan.Id), (dispute.Reason, dispute.Status, dispute.OpenedByAccountId));
        Assert.Equal("Accrued in August,\nstill not paid.", Assert.Single(dispute.Comments).Body);
        await AssertAuditedAsync(AuditEventType.EarningDisputeOpened, disputeId, jordan.Id);

        await AssertRefusedAsync(() => client.OpenDisputeAsync(contoso, line.Id), HttpStatusCode.Conflict, IncentiveErrors.DisputeExists);

        var commented = await (await client.PostAsJsonAsync($"{url}/disputes/{disputeId}/comments", new { comment = "Remittance advice attached." }, Ct)).OkJsonAsync();
        Assert.Equal(2, commented.GetProperty("disputes")[0].GetProperty("comments").GetArrayLength());
        await AssertAuditedAsync(AuditEventType.EarningDisputeCommented, disputeId, jordan.Id);

        var withdrawn = await (await client.PostAsync($"{url}/disputes/{disputeId}/withdraw", null, Ct)).OkJsonAsync();
        Assert.False(withdrawn.GetProperty("line").GetProperty("disputed").GetBoolean());
        Assert.Equal("Withdrawn", withdrawn.GetProperty("disputes")[0].GetProperty("status").GetString());
        Assert.Equal(jordan.Id, withdrawn.GetProperty("disputes")[0].GetProperty("closedById").GetGuid());
        await AssertAuditedAsync(AuditEventType.EarningDisputeWithdrawn, disputeId, jordan.Id);

        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{url}/disputes/{disputeId}/comments", new { comment = "One more thing." }, Ct),
            HttpStatusCode.Conflict, IncentiveErrors.DisputeClosed);
        await AssertRefusedAsync(() => client.PostAsync($"{url}/disputes/{disputeId}/withdraw", null, Ct), HttpStatusCode.Conflict, IncentiveErrors.DisputeClosed);

        var reopened = await (await client.OpenDisputeAsync(contoso, line.Id, "AmountIncorrect")).OkJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, reopened.GetProperty("disputes").GetArrayLength());
        Assert.NotEqual(disputeId, reopened.GetProperty("line").GetProperty("openDisputeId").GetGuid());
    }

    [Fact]
    public async Task Dispute_AsIncentivesUser_IsRefused_AndNothingIsWritten()
    {
        var contoso = await factory.ContosoAsync();
        var line = await factory.DemoLineAsync("Modern Work deployment", null, EarningStatus.Paid);
        var disputeId = await factory.DemoDisputeIdAsync();
        var disputedLine = await factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Id == disputeId).Select(d => d.EarningLineId).SingleAsync(Ct));
        var riley = await factory.IncentivesClientAsync(Riley);

        await AssertRefusedAsync(() => riley.OpenDisputeAsync(contoso, line.Id), HttpStatusCode.Forbidden, IncentiveErrors.DisputeNotAllowed);
        await AssertRefusedAsync(() => riley.PostAsJsonAsync($"{Earnings(contoso)}/{disputedLine}/disputes/{disputeId}/comments", new { comment = "Me too." }, Ct),
            HttpStatusCode.Forbidden, IncentiveErrors.DisputeNotAllowed);
        await AssertRefusedAsync(() => riley.PostAsync($"{Earnings(contoso)}/{disputedLine}/disputes/{disputeId}/withdraw", null, Ct),
            HttpStatusCode.Forbidden, IncentiveErrors.DisputeNotAllowed);
    }

    [Fact]
    public async Task Dispute_AsLocationAdmin_ManagesThatLocationOnly_EvenWhenSeeingMore()
    {
        var contoso = await factory.ContosoAsync();
        var tokyoLine = await factory.DemoLineAsync("Microsoft 365 new seats", "Tokyo", EarningStatus.Accrued);
        var seattleLine = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Paid);
        var (client, admin) = await factory.ScopedClientAsync(Roles.IncentivesAdmin, "Tokyo", extraRole: Roles.IncentivesUser);

        var seen = await client.GetAsync($"{Earnings(contoso)}/{seattleLine.Id}", Ct);
        Assert.False((await seen.OkJsonAsync()).GetProperty("canManageDisputes").GetBoolean());
        await AssertRefusedAsync(() => client.OpenDisputeAsync(contoso, seattleLine.Id), HttpStatusCode.Forbidden, IncentiveErrors.DisputeNotAllowed);

        var opened = await (await client.OpenDisputeAsync(contoso, tokyoLine.Id, "WrongLocation", "These seats belong to Seattle.")).OkJsonAsync(HttpStatusCode.Created);
        Assert.True(opened.GetProperty("canManageDisputes").GetBoolean());
        await AssertAuditedAsync(AuditEventType.EarningDisputeOpened, opened.GetProperty("line").GetProperty("openDisputeId").GetGuid(), admin.Id);
    }

    [Fact]
    public async Task Dispute_OnEstimatedLine_OrWithAnotherLinesDispute_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var estimated = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Estimated);
        var paid = await factory.DemoLineAsync("Azure consumption growth", "Seattle", EarningStatus.Paid);
        var disputeId = await factory.DemoDisputeIdAsync();
        var client = await factory.IncentivesClientAsync(Alex);

        await AssertRefusedAsync(() => client.OpenDisputeAsync(contoso, estimated.Id), HttpStatusCode.Conflict, IncentiveErrors.EarningNotDisputable);
        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Earnings(contoso)}/{paid.Id}/disputes/{disputeId}/comments", new { comment = "Hi" }, Ct),
            HttpStatusCode.NotFound, IncentiveErrors.DisputeNotFound);
        await AssertRefusedAsync(() => client.PostAsync($"{Earnings(contoso)}/{paid.Id}/disputes/{Guid.NewGuid()}/withdraw", null, Ct),
            HttpStatusCode.NotFound, IncentiveErrors.DisputeNotFound);
    }

    [Theory]
    [InlineData(Sam)]
    [InlineData(Nora)]
    public async Task Earnings_WithoutAnIncentivesRole_OrFromAnotherOrganization_AreDenied(string email)
    {
        var contoso = await factory.ContosoAsync();
        var line = await factory.DemoLineAsync("Modern Work deployment", null, EarningStatus.Paid);
        var client = await factory.IncentivesClientAsync(email);

        await (await client.GetAsync(Earnings(contoso), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(Earnings(contoso) + ".csv", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => client.OpenDisputeAsync(contoso, line.Id), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Export_IsUtf8CsvWithBom_InTheCallersLanguage_WithTheListsScopeAndFilter()
    {
        var contoso = await factory.ContosoAsync();
        var alex = await factory.IncentivesClientAsync(Alex);
        var (tokyoUser, _) = await factory.ScopedClientAsync(Roles.IncentivesUser, "Tokyo");
        tokyoUser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var english = await alex.GetAsync(Earnings(contoso) + ".csv", Ct);
        var japanese = await tokyoUser.GetAsync(Earnings(contoso) + ".csv?status=Paid", Ct);

        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal("text/csv", english.Content.Headers.ContentType?.MediaType);
        var bytes = await english.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Earning month,Program,Lever or activity,Location,Status,Hold reason,Paid on,Dispute,Amount,Currency,Vendor reference", rows[0]);
        var total = await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.OrganizationId == contoso, Ct));
        Assert.Equal(total, rows.Length - 1);
        Assert.Contains(rows, r => r.Contains(",Seattle,Paid,,", StringComparison.Ordinal) && r.Contains(",12450.00,USD,INC-", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Organization-wide", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("On hold,Tax profile missing", StringComparison.Ordinal));

        var jaRows = Encoding.UTF8.GetString((await japanese.Content.ReadAsByteArrayAsync(Ct))[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("対象月,プログラム,レバー / 活動,拠点,状態,保留の理由,支払日,異議申し立て,金額,通貨,ベンダー参照番号", jaRows[0]);
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var paidTokyo = await factory.WithDbAsync(db => db.EarningLines.CountAsync(e => e.LocationId == tokyo && e.Status == EarningStatus.Paid, Ct));
        Assert.Equal(paidTokyo, jaRows.Length - 1);
        Assert.All(jaRows.Skip(1), r => Assert.Contains(",Tokyo,支払済み,", r, StringComparison.Ordinal));
        Assert.Contains(jaRows, r => r.Contains(",2120000,JPY,INC-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordLine_ByTheVendorsSide_IsAudited_AndInconsistentLinesAreRefused()
    {
        var contoso = await factory.ContosoAsync();
        await using var scope = factory.Scope();
        var service = scope.ServiceProvider.GetRequiredService<EarningService>();

        var line = await service.RecordLineAsync(contoso, new EarningLineInput(
            "Solutions Partner incentive", "=Adjustment, reversal", new DateOnly(2026, 10, 1), null, -25_000, "USD", EarningStatus.Accrued), Ct);
        var before = await factory.IncentivesStateAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordLineAsync(contoso, new EarningLineInput(
            "Solutions Partner incentive", "Paid without a date", new DateOnly(2026, 10, 1), null, 100, "USD", EarningStatus.Paid), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordLineAsync(contoso, new EarningLineInput(
            "Solutions Partner incentive", "Mid-month", new DateOnly(2026, 10, 15), null, 100, "USD", EarningStatus.Accrued), Ct));

        Assert.Equal(before, await factory.IncentivesStateAsync());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.EarningLineRecorded && e.TargetOrganizationId == contoso
            && e.Details!.Contains(line.Id.ToString()), Ct)));
        var csv = Encoding.UTF8.GetString(await (await (await factory.IncentivesClientAsync(Alex)).GetAsync(Earnings(contoso) + ".csv?from=2026-10&to=2026-10", Ct)).Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("\"'=Adjustment, reversal\"", csv, StringComparison.Ordinal);
        Assert.Contains(",-250.00,USD", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondOpenDispute_WrittenPastTheServiceCheck_IsRefusedByTheDatabase()
    {
        var disputeId = await factory.DemoDisputeIdAsync();

        var error = await Record.ExceptionAsync(() => factory.WithDbAsync(async db =>
        {
            var first = await db.EarningDisputes.AsNoTracking().SingleAsync(d => d.Id == disputeId, Ct);
            db.EarningDisputes.Add(new EarningDispute
            {
                OrganizationId = first.OrganizationId, EarningLineId = first.EarningLineId, Reason = DisputeReason.Other, Status = DisputeStatus.Open,
                OpenedByAccountId = first.OpenedByAccountId, OpenedUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        }));

        Assert.IsType<DbUpdateException>(error);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheEarningsRoutes()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings", out var list) && list.TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings.csv", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings/{id}/disputes", out var open) && open.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings/{id}/disputes/{disputeId}/comments", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/earnings/{id}/disputes/{disputeId}/withdraw", out _));
    }

    private async Task AssertAuditedAsync(AuditEventType type, Guid disputeId, Guid actor) =>
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == type && e.ActorAccountId == actor
            && e.Details!.Contains(disputeId.ToString()), Ct)), $"no {type} audit row for {disputeId}");
}
