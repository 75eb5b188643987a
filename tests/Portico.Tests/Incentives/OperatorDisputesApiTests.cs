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
using static Portico.Tests.Incentives.IncentivesTestKit;
using static Portico.Tests.Incentives.OperatorIncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>
/// The vendor's dispute desk through the API: the queue across organizations, replies and resolutions (amount change,
/// audit in the organization's and the platform chain, emails), refusals that write nothing, and who may call it.
/// </summary>
public sealed class OperatorDisputesApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error)
    {
        var before = await factory.DeskStateAsync();
        await (await call()).AssertProblemAsync(status, error);
        Assert.Equal(before, await factory.DeskStateAsync());
    }

    [Fact]
    public async Task Queue_AsOperatorAdmin_ListsOpenDisputesAcrossOrganizationsOldestFirst_WithOrgLineReasonAndComments()
    {
        var (_, newer) = await factory.NewDisputeAsync(lever: "Queue order check");
        var demo = await factory.DemoDisputeIdAsync();
        var olivia = await factory.StaffClientAsync(Olivia);

        var page = await (await olivia.GetAsync(Disputes + "?pageSize=100", Ct)).OkJsonAsync();

        var items = Items(page);
        Assert.All(items, d => Assert.Equal("Open", d.GetProperty("status").GetString()));
        var ids = items.Select(d => d.GetProperty("id").GetGuid()).ToList();
        Assert.True(ids.IndexOf(demo) >= 0 && ids.IndexOf(demo) < ids.IndexOf(newer), "the older demo dispute comes first");
        var first = items.Single(d => d.GetProperty("id").GetGuid() == demo);
        Assert.Equal(IncentivesDemoData.Contoso, first.GetProperty("organizationName").GetString());
        Assert.Matches("^[0-9]{7}$", first.GetProperty("partnerId").GetString());
        Assert.Equal(IncentivesDemoData.DisputedLever, first.GetProperty("lever").GetString());
        Assert.Equal("Tokyo", first.GetProperty("locationName").GetString());
        Assert.Equal("AmountIncorrect", first.GetProperty("reason").GetString());
        Assert.Equal(2_120_000m, first.GetProperty("amount").GetDecimal());
        Assert.StartsWith("We activated 212", first.GetProperty("comments")[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.False(first.GetProperty("comments")[0].GetProperty("fromVendor").GetBoolean());
    }

    [Fact]
    public async Task Queue_Filters_ByOrganizationNameOrPartnerIdAndStatus_AndPages()
    {
        await factory.NewDisputeAsync(lever: "Filter check one");
        await factory.NewDisputeAsync(lever: "Filter check two");
        var partnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.DisplayName == IncentivesDemoData.Contoso).Select(o => o.PartnerId).SingleAsync(Ct));
        var olivia = await factory.StaffClientAsync(Olivia);

        var byName = Items(await (await olivia.GetAsync(Disputes + "?org=contoso&pageSize=100", Ct)).OkJsonAsync());
        var byPartnerId = Items(await (await olivia.GetAsync($"{Disputes}?org={partnerId}&pageSize=100", Ct)).OkJsonAsync());
        var other = Items(await (await olivia.GetAsync(Disputes + "?org=Northwind", Ct)).OkJsonAsync());
        var withdrawn = Items(await (await olivia.GetAsync(Disputes + "?status=Withdrawn", Ct)).OkJsonAsync());
        var any = await (await olivia.GetAsync(Disputes + "?status=any&pageSize=1&page=2", Ct)).OkJsonAsync();

        Assert.True(byName.Count >= 3);
        Assert.Equal(byName.Select(d => d.GetProperty("id").GetGuid()), byPartnerId.Select(d => d.GetProperty("id").GetGuid()));
        Assert.Empty(other);
        Assert.All(withdrawn, d => Assert.Equal("Withdrawn", d.GetProperty("status").GetString()));
        var resolved = Items(await (await olivia.GetAsync(Disputes + "?status=Resolved&pageSize=100", Ct)).OkJsonAsync());
        var demo = resolved.Single(d => d.GetProperty("reason").GetString() == "PaymentNotReceived");
        Assert.Equal("Rejected", demo.GetProperty("outcome").GetString());
        Assert.Contains(demo.GetProperty("comments").EnumerateArray(), c => c.GetProperty("fromVendor").GetBoolean());
        Assert.Single(Items(any));
        Assert.Equal(2, any.GetProperty("page").GetInt32());
        Assert.True(any.GetProperty("total").GetInt32() >= 3);
    }

    [Theory]
    [InlineData(Sasha)]
    [InlineData(Victor)]
    public async Task DeskRoutes_ForOperatorRolesOtherThanOperatorAdmin_AreForbidden_AndWriteNothing(string email)
    {
        var (_, disputeId) = await factory.NewDisputeAsync(lever: "Staff refusal " + email[..5]);
        var dispute = await factory.DisputeAsync(disputeId);
        var staff = await factory.StaffClientAsync(email);

        await AssertRefusedAsync(() => staff.GetAsync(Disputes, Ct), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => staff.GetAsync($"{Disputes}/{disputeId}", Ct), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => staff.ReplyAsync(disputeId, new { comment = "Looking into it." }), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => staff.ResolveAsync(disputeId, new { outcome = "Upheld", amount = 3125.00m, version = dispute.Version }), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => staff.ImportCsvAsync(Header + "\n"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData(Alex)]
    [InlineData(Jordan)]
    [InlineData(Nora)]
    public async Task DeskRoutes_ForPartners_AreForbiddenWithTheStaffExplanation_AndWriteNothing(string email)
    {
        var (_, disputeId) = await factory.NewDisputeAsync(lever: "Partner refusal " + email[..4]);
        var dispute = await factory.DisputeAsync(disputeId);
        var partner = await factory.IncentivesClientAsync(email);

        var problem = await (await partner.GetAsync(Disputes, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("staff_account", problem.ToString(), StringComparison.Ordinal);
        await AssertRefusedAsync(() => partner.ReplyAsync(disputeId, new { comment = "Resolving my own dispute." }), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => partner.ResolveAsync(disputeId, new { outcome = "Upheld", amount = 1_000_000m, version = dispute.Version }), HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => partner.ImportCsvAsync(Header + "\n1234567,,P,L,2026-01,1,USD,Accrued,,"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Resolve_Upheld_ChangesTheLinesAmount_AuditsOldAndNewInBothChains_EmailsAdminsAndOpener_AndThePartnerSeesIt()
    {
        var (lineId, disputeId) = await factory.NewDisputeAsync(amountMinor: 250_000, lever: "Upheld check");
        var contoso = await factory.ContosoAsync();
        var version = (await factory.DisputeAsync(disputeId)).Version;
        var olivia = await factory.StaffClientAsync(Olivia);
        var sentBefore = factory.Outbox.To(Jordan).Count;

        var body = await (await olivia.ResolveAsync(disputeId, new { outcome = "Upheld", amount = 3125.50m, message = "Five workshops confirmed.", version })).OkJsonAsync();

        Assert.Equal("Resolved", body.GetProperty("status").GetString());
        Assert.Equal("Upheld", body.GetProperty("outcome").GetString());
        Assert.Equal(2500.00m, body.GetProperty("previousAmount").GetDecimal());
        Assert.Equal(3125.50m, body.GetProperty("adjustedAmount").GetDecimal());
        var line = await factory.WithDbAsync(db => db.EarningLines.AsNoTracking().SingleAsync(e => e.Id == lineId, Ct));
        Assert.Equal(312_550, line.AmountMinor);
        var dispute = await factory.DisputeAsync(disputeId);
        Assert.Equal(DisputeStatus.Resolved, dispute.Status);
        Assert.Equal(DisputeOutcome.Upheld, dispute.Outcome);
        Assert.NotNull(dispute.ClosedUtc);
        var oliviaId = await factory.WithDbAsync(db => db.Users.Where(a => a.Email == Olivia).Select(a => a.Id).SingleAsync(Ct));
        Assert.Equal(oliviaId, dispute.ClosedByAccountId);

        var audits = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.EarningDisputeResolved && e.Details!.Contains(disputeId.ToString())).ToListAsync(Ct));
        Assert.Equal(2, audits.Count);
        Assert.Contains(audits, e => e.TargetOrganizationId == contoso && e.Chain == contoso.ToString("N"));
        Assert.Contains(audits, e => e.TargetOrganizationId == null && e.Chain == AuditEvent.PlatformChain);
        Assert.All(audits, e => Assert.Equal(oliviaId, e.ActorAccountId));
        Assert.All(audits, e => Assert.Contains("\"previousAmount\":\"2500.00\"", e.Details, StringComparison.Ordinal));
        Assert.All(audits, e => Assert.Contains("\"newAmount\":\"3125.50\"", e.Details, StringComparison.Ordinal));
        Assert.All(audits, e => Assert.DoesNotContain("Five workshops", e.Details, StringComparison.Ordinal));

        var mail = factory.Outbox.To(Jordan);
        Assert.Equal(sentBefore + 1, mail.Count);
        Assert.Contains("resolved", mail[^1].Subject, StringComparison.Ordinal);
        Assert.Contains("2,500.00 USD", mail[^1].TextBody, StringComparison.Ordinal);
        Assert.Contains("3,125.50 USD", mail[^1].TextBody, StringComparison.Ordinal);
        Assert.Contains($"/Incentives/Earning/{lineId}", mail[^1].TextBody, StringComparison.Ordinal);

        var jordan = await factory.IncentivesClientAsync(Jordan);
        var seen = await (await jordan.GetAsync($"{Earnings(contoso)}/{lineId}", Ct)).OkJsonAsync();
        Assert.False(seen.GetProperty("line").GetProperty("disputed").GetBoolean());
        Assert.Equal(3125.50m, seen.GetProperty("line").GetProperty("amount").GetDecimal());
        var shown = seen.GetProperty("disputes")[0];
        Assert.Equal("Resolved", shown.GetProperty("status").GetString());
        Assert.Equal("Upheld", shown.GetProperty("outcome").GetString());
        Assert.Equal("Five workshops confirmed.", shown.GetProperty("resolutionMessage").GetString());
    }

    [Fact]
    public async Task Resolve_Rejected_KeepsTheAmount_AndNeedsAMessage()
    {
        var (lineId, disputeId) = await factory.NewDisputeAsync(amountMinor: 90_000, lever: "Rejected check");
        var version = (await factory.DisputeAsync(disputeId)).Version;
        var olivia = await factory.StaffClientAsync(Olivia);

        var missing = await (await olivia.ResolveAsync(disputeId, new { outcome = "Rejected", version })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["message:required"], missing.FieldErrors());
        var withAmount = await (await olivia.ResolveAsync(disputeId, new { outcome = "Rejected", amount = 1m, message = "No.", version })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["amount:invalid_value"], withAmount.FieldErrors());
        var body = await (await olivia.ResolveAsync(disputeId, new { outcome = "Rejected", message = "The fifth workshop was delivered in August.", version })).OkJsonAsync();

        Assert.Equal("Rejected", body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("adjustedAmount").ValueKind);
        Assert.Equal(90_000, await factory.WithDbAsync(db => db.EarningLines.Where(e => e.Id == lineId).Select(e => e.AmountMinor).SingleAsync(Ct)));
        Assert.Contains("August", factory.Outbox.LatestTo(Jordan)!.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_WithAStaleVersion_Answers409_AndWritesNothing()
    {
        var (_, disputeId) = await factory.NewDisputeAsync(lever: "Stale check");
        var stale = (await factory.DisputeAsync(disputeId)).Version;
        var olivia = await factory.StaffClientAsync(Olivia);
        var jordan = await factory.IncentivesClientAsync(Jordan);
        var contoso = await factory.ContosoAsync();
        var lineId = (await factory.DisputeAsync(disputeId)).EarningLineId;
        await (await jordan.PostAsJsonAsync($"{Earnings(contoso)}/{lineId}/disputes/{disputeId}/comments", new { comment = "Attendance sheets attached." }, Ct)).OkJsonAsync();

        await AssertRefusedAsync(() => olivia.ResolveAsync(disputeId, new { outcome = "Upheld", amount = 1.00m, version = stale }), HttpStatusCode.Conflict, IncentiveErrors.DisputeChanged);
        await AssertRefusedAsync(() => olivia.ReplyAsync(disputeId, new { comment = "Thanks.", version = stale }), HttpStatusCode.Conflict, IncentiveErrors.DisputeChanged);

        var fresh = (await factory.DisputeAsync(disputeId)).Version;
        await (await olivia.ResolveAsync(disputeId, new { outcome = "Upheld", amount = 1.00m, version = fresh })).OkJsonAsync();
        await AssertRefusedAsync(() => olivia.ResolveAsync(disputeId, new { outcome = "Rejected", message = "Again.", version = fresh }), HttpStatusCode.Conflict, IncentiveErrors.DisputeClosed);
        await AssertRefusedAsync(() => olivia.ReplyAsync(disputeId, new { comment = "Late reply." }), HttpStatusCode.Conflict, IncentiveErrors.DisputeClosed);
        await AssertRefusedAsync(() => olivia.ResolveAsync(Guid.NewGuid(), new { outcome = "Rejected", message = "Nothing.", version = fresh }), HttpStatusCode.NotFound, IncentiveErrors.DisputeNotFound);
        await (await olivia.GetAsync($"{Disputes}/{Guid.NewGuid()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, IncentiveErrors.DisputeNotFound);
    }

    [Fact]
    public async Task Reply_AddsAVendorComment_TheOpenerAndAdminsAreEmailedInTheirLanguage_AndThePartnerSeesItAsTheVendors()
    {
        var (lineId, disputeId) = await factory.NewDisputeAsync(lever: "Reply check");
        var (_, japaneseAdmin) = await factory.ScopedClientAsync(Roles.IncentivesAdmin, null);
        await factory.UpdateAccountAsync(japaneseAdmin.Email!, a => a.PreferredCulture = "ja-JP");
        var tokyoUser = await factory.ContosoAccountAsync(Roles.IncentivesUser, null, "Not an admin");
        var tokyoAdmin = await factory.ContosoAccountAsync(Roles.IncentivesAdmin, await factory.LocationIdAsync(await factory.ContosoAsync(), "Tokyo"), "Tokyo admin");
        var olivia = await factory.StaffClientAsync(Olivia);
        var contoso = await factory.ContosoAsync();

        var body = await (await olivia.ReplyAsync(disputeId, new { comment = "Could you send the attendance sheets?" })).OkJsonAsync();

        var comments = body.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(2, comments.Count);
        Assert.True(comments[1].GetProperty("fromVendor").GetBoolean());
        Assert.Equal("Open", body.GetProperty("status").GetString());
        var english = factory.Outbox.LatestTo(Jordan)!;
        Assert.Contains("Could you send the attendance sheets?", english.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Reply to your earnings dispute", english.Subject, StringComparison.Ordinal);
        var japanese = factory.Outbox.LatestTo(japaneseAdmin.Email!)!;
        Assert.StartsWith("収益の異議申し立てへの返信", japanese.Subject, StringComparison.Ordinal);
        Assert.Empty(factory.Outbox.To(tokyoUser.Email!));
        Assert.Empty(factory.Outbox.To(tokyoAdmin.Email!));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(
            e => e.Type == AuditEventType.EarningDisputeVendorReplied && e.TargetOrganizationId == contoso && e.Details!.Contains(disputeId.ToString()), Ct)));

        var jordan = await factory.IncentivesClientAsync(Jordan);
        var seen = await (await jordan.GetAsync($"{Earnings(contoso)}/{lineId}", Ct)).OkJsonAsync();
        var thread = seen.GetProperty("disputes")[0].GetProperty("comments").EnumerateArray().ToList();
        Assert.True(thread[^1].GetProperty("fromVendor").GetBoolean());
        Assert.True(seen.GetProperty("line").GetProperty("disputed").GetBoolean());
    }

    [Fact]
    public async Task BadInput_ToQueueReplyAndResolve_Answers400WithCodes_AndWritesNothing()
    {
        var (_, disputeId) = await factory.NewDisputeAsync(lever: "Bad input check");
        var version = (await factory.DisputeAsync(disputeId)).Version;
        var olivia = await factory.StaffClientAsync(Olivia);
        var resolve = $"{Disputes}/{disputeId}/resolve";
        var reply = $"{Disputes}/{disputeId}/comments";
        var v = version.ToString();

        (string Path, string Body, string[] Fields)[] cases =
        [
            (reply, "{}", ["comment:required"]),
            (reply, "{\"comment\":\"   \"}", ["comment:required"]),
            (reply, JsonSerializer.Serialize(new { comment = new string('x', 2001) }), ["comment:too_long"]),
            (reply, JsonSerializer.Serialize(new { comment = "bell\u0007" }), ["comment:invalid_characters"]),
            (resolve, "{\"version\":\"" + v + "\"}", ["outcome:required"]),
            (resolve, "{\"outcome\":\"upheld\",\"amount\":1,\"version\":\"" + v + "\"}", ["outcome:invalid_value"]),
            (resolve, "{\"outcome\":\"0\",\"amount\":1,\"version\":\"" + v + "\"}", ["outcome:invalid_value"]),
            (resolve, "{\"outcome\":\"Upheld\",\"version\":\"" + v + "\"}", ["amount:required"]),
            (resolve, "{\"outcome\":\"Upheld\",\"amount\":12.345,\"version\":\"" + v + "\"}", ["amount:invalid_value"]),
            (resolve, "{\"outcome\":\"Upheld\",\"amount\":1000000000001,\"version\":\"" + v + "\"}", ["amount:out_of_range"]),
            (resolve, "{\"outcome\":\"Upheld\",\"amount\":5}", ["version:required"]),
            (resolve, "{\"outcome\":\"Rejected\",\"message\":\"tab\\u0000null\",\"version\":\"" + v + "\"}", ["message:invalid_characters"]),
        ];
        foreach (var (path, body, fields) in cases)
        {
            var before = await factory.DeskStateAsync();
            var problem = await (await olivia.PostRawAsync(path, body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(fields, problem.FieldErrors());
            Assert.Equal(before, await factory.DeskStateAsync());
        }

        foreach (var malformed in new[] { "{", "[]", "null", "{\"outcome\":\"Upheld\",\"amount\":\"lots\"}", "{\"version\":\"not-a-guid\"}" })
        {
            await AssertRefusedAsync(() => olivia.PostRawAsync(resolve, malformed), HttpStatusCode.BadRequest, "malformed_request");
        }

        await AssertRefusedAsync(() => olivia.PostRawAsync(reply, "comment=hi", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        foreach (var query in new[] { "?status=open", "?status=1", "?page=0", "?pageSize=101", "?pageSize=abc", "?org=" + new string('x', 201), "?org=a%07b" })
        {
            await (await olivia.GetAsync(Disputes + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        }
    }
}
