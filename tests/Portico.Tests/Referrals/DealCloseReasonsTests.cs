using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>
/// Close reasons as codes (as Partner Center asks when a referral is declined or lost): each move takes a reason of its
/// own list, a note goes with any reason and is required with other, the audit trail keeps the code but not the note,
/// and older clients' free text still works.
/// </summary>
public sealed class DealCloseReasonsTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> StatusAsync(HttpClient client, Guid contoso, Guid id, object body) =>
        client.PostAsJsonAsync($"{Deals(contoso)}/{id}/status", body, Ct);

    private async Task<(HttpClient Client, Guid Contoso, Guid Id)> NewDealAsync(string customer, bool active = false)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);
        var id = (await client.CreateDealAsync(contoso, DealBody(customer))).GetProperty("id").GetGuid();
        if (active)
        {
            Assert.Equal(HttpStatusCode.OK, (await StatusAsync(client, contoso, id, new { status = "Active" })).StatusCode);
        }

        return (client, contoso, id);
    }

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, string error, string field)
    {
        var before = await factory.DealStateAsync();
        var body = await (await call()).AssertProblemAsync(HttpStatusCode.BadRequest, error);
        Assert.Contains(field, body.FieldErrors());
        Assert.Equal(before, await factory.DealStateAsync());
    }

    public static TheoryData<string, string> EveryReasonOfEveryMove()
    {
        var data = new TheoryData<string, string>();
        foreach (var code in DealCloseReasons.Decline)
        {
            data.Add("Declined", code);
        }

        foreach (var code in DealCloseReasons.Lost)
        {
            data.Add("Lost", code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryReasonOfEveryMove))]
    public async Task ChangeStatus_WithEachReasonOfTheMove_StoresTheCodeAndNote_AndAuditsTheCodeWithoutTheNote(string status, string code)
    {
        var (client, contoso, id) = await NewDealAsync($"Reason {status} {code}", active: status == "Lost");
        const string Note = "Spoke with Dana Whitfield (+1 206 555 0100):\nthey renewed elsewhere.";

        var response = await StatusAsync(client, contoso, id, new { status, closeReason = code, note = Note });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((status, code, Note), (body.GetProperty("status").GetString(), body.GetProperty("closeReason").GetString(), body.GetProperty("closeNote").GetString()));
        var deal = await factory.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id, Ct));
        Assert.Equal((code, Note), (deal.CloseReason, deal.CloseNote));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.DealStatusChanged && e.Details!.Contains(id.ToString())).OrderBy(e => e.Id).ToListAsync(Ct));
        using var details = JsonDocument.Parse(audit[^1].Details!);
        Assert.Equal(code, details.RootElement.GetProperty("reason").GetString());
        Assert.True(details.RootElement.GetProperty("noteGiven").GetBoolean());
        Assert.DoesNotContain("Whitfield", audit[^1].Details!, StringComparison.Ordinal);
        Assert.DoesNotContain("renewed", audit[^1].Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lost_WithAReasonAndNoNote_StoresNoNote_AndAuditsThatNoneWasGiven()
    {
        var (client, contoso, id) = await NewDealAsync("Wingtip Toys", active: true);

        var body = await (await StatusAsync(client, contoso, id, new { status = "Lost", closeReason = DealCloseReasons.NoBudget, note = "   " })).JsonAsync();

        Assert.Equal(DealCloseReasons.NoBudget, body.GetProperty("closeReason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("closeNote").ValueKind);
        Assert.Equal("No budget", body.GetProperty("lostReason").GetString());
        var details = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.DealStatusChanged && e.Details!.Contains(id.ToString()) && e.Details!.Contains("Lost")).Select(e => e.Details!).SingleAsync(Ct));
        using var json = JsonDocument.Parse(details);
        Assert.False(json.RootElement.GetProperty("noteGiven").GetBoolean());
    }

    [Theory]
    [InlineData("Lost", DealCloseReasons.NotAFit)]
    [InlineData("Lost", DealCloseReasons.Duplicate)]
    [InlineData("Declined", DealCloseReasons.LostToCompetitor)]
    [InlineData("Declined", DealCloseReasons.Timing)]
    public async Task ChangeStatus_WithAReasonOfTheOtherMove_Answers400AndWritesNothing(string status, string code)
    {
        var (client, contoso, id) = await NewDealAsync($"Wrong kind {status} {code}", active: status == "Lost");

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status, closeReason = code }), DealErrors.CloseReasonNotForStatus, "closeReason:" + DealErrors.CloseReasonNotForStatus);
    }

    [Fact]
    public async Task Won_WithAReason_Answers400AndWritesNothing()
    {
        var (client, contoso, id) = await NewDealAsync("Won with reason", active: true);

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Won", closeReason = DealCloseReasons.Other, note = "n" }),
            DealErrors.CloseReasonNotForStatus, "closeReason:" + DealErrors.CloseReasonNotForStatus);
    }

    public static TheoryData<string, object, string> BadReasons() => new()
    {
        { "Declined", new { status = "Declined", closeReason = DealCloseReasons.Other }, "note:required" },
        { "Declined", new { status = "Declined", closeReason = DealCloseReasons.Other, note = " \n " }, "note:required" },
        { "Lost", new { status = "Lost", closeReason = DealCloseReasons.Other }, "note:required" },
        { "Lost", new { status = "Lost" }, "closeReason:required" },
        { "Declined", new { status = "Declined", closeReason = "" }, "closeReason:required" },
        { "Lost", new { status = "Lost", closeReason = "too_expensive" }, "closeReason:invalid_value" },
        { "Lost", new { status = "Lost", closeReason = "No_Budget" }, "closeReason:invalid_value" },
        { "Lost", new { status = "Lost", closeReason = "no_budget\u0000" }, "closeReason:invalid_value" },
        { "Lost", new { status = "Lost", closeReason = DealCloseReasons.NoBudget, note = new string('n', Deal.CloseNoteMaxLength + 1) }, "note:too_long" },
        { "Declined", new { status = "Declined", closeReason = DealCloseReasons.Duplicate, note = "dup of\u0007 #42" }, "note:invalid_characters" },
        { "Declined", new { status = "Declined", closeReason = DealCloseReasons.Other, note = "\u001b[31m" }, "note:invalid_characters" },
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task ChangeStatus_WithABadReasonOrNote_Answers400WithTheFieldAndWritesNothing(string move, object body, string field)
    {
        var (client, contoso, id) = await NewDealAsync($"Bad reason {move} {field}", active: move == "Lost");

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, body), "validation_failed", field);
    }

    [Fact]
    public async Task ChangeStatus_WithMalformedOrMistypedJson_Answers400AndWritesNothing()
    {
        var (client, contoso, id) = await NewDealAsync("Malformed close", active: true);
        var before = await factory.DealStateAsync();

        foreach (var raw in new[] { "{\"status\":\"Lost\",\"closeReason\":", "{\"status\":\"Lost\",\"closeReason\":7}", "{\"status\":\"Lost\",\"closeReason\":[\"timing\"]}", "[]" })
        {
            var response = await client.PostRawAsync($"{Deals(contoso)}/{id}/status", raw);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await factory.DealStateAsync());
    }

    [Fact]
    public async Task ChangeStatus_OldClientsFreeText_BecomesTheNoteOfOther()
    {
        var (client, contoso, id) = await NewDealAsync("Legacy client", active: true);

        var body = await (await StatusAsync(client, contoso, id, new { status = "Lost", reason = " Went with the incumbent. " })).JsonAsync();

        Assert.Equal((DealCloseReasons.Other, "Went with the incumbent.", "Went with the incumbent."),
            (body.GetProperty("closeReason").GetString(), body.GetProperty("closeNote").GetString(), body.GetProperty("lostReason").GetString()));
    }

    [Fact]
    public async Task ChangeStatus_CodeAndOldFreeTextBoth_KeepsTheCodeAndTheNote()
    {
        var (client, contoso, id) = await NewDealAsync("Code wins", active: true);

        var body = await (await StatusAsync(client, contoso, id, new { status = "Lost", closeReason = DealCloseReasons.Timing, note = "Next year.", reason = "ignored" })).JsonAsync();

        Assert.Equal((DealCloseReasons.Timing, "Next year."), (body.GetProperty("closeReason").GetString(), body.GetProperty("closeNote").GetString()));
    }

    [Fact]
    public async Task Activate_WithOldFreeText_IgnoresItAsBefore()
    {
        var (client, contoso, id) = await NewDealAsync("Legacy activate");

        var response = await StatusAsync(client, contoso, id, new { status = "Active", reason = "Customer confirmed budget." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deal = await factory.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id, Ct));
        Assert.Equal((DealStatus.Active, null, null), (deal.Status, deal.CloseReason, deal.CloseNote));
    }

    [Fact]
    public async Task DealClosedBeforeReasonCodes_ReadsAsOtherWithItsTextAsTheNote_AndFiltersAsOther()
    {
        var contoso = await factory.ContosoAsync();
        var mika = await factory.AccountAsync(Mika);
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var id = await factory.WithDbAsync(async db =>
        {
            // Note: written the way the service wrote a lost deal before reasons were codes: free text, no code.
            var deal = new Deal
            {
                OrganizationId = contoso, CustomerName = "Old Free Text Ltd", ContactName = "Kim", ContactEmail = "kim@old.example", Description = "d",
                ValueMinor = 100_00, Currency = "USD", ExpectedCloseDate = DateOnly.FromDateTime(now), Status = DealStatus.Lost,
                CloseNote = "They picked the cheaper bid.", OwnerAccountId = mika.Id, CreatedByAccountId = mika.Id,
                CreatedUtc = now.AddDays(-30), UpdatedUtc = now.AddDays(-1), ClosedUtc = now.AddDays(-1),
            };
            db.Deals.Add(deal);
            await db.SaveChangesAsync(Ct);
            return deal.Id;
        });
        var client = await factory.ReferralsClientAsync(Mika);

        var body = await (await client.GetAsync($"{Deals(contoso)}/{id}", Ct)).JsonAsync();
        var others = await (await client.GetAsync($"{Deals(contoso)}?reason=other", Ct)).JsonAsync();
        var timing = await (await client.GetAsync($"{Deals(contoso)}?reason=timing", Ct)).JsonAsync();

        Assert.Equal((DealCloseReasons.Other, "They picked the cheaper bid.", "They picked the cheaper bid."),
            (body.GetProperty("closeReason").GetString(), body.GetProperty("closeNote").GetString(), body.GetProperty("lostReason").GetString()));
        Assert.Contains(id, others.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(id, timing.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task DealPage_LoseWithAReason_RefusesAReasonOfTheOtherMoveOrOtherWithoutNote_ThenShowsTheReasonOnThePageAndInTheList()
    {
        var contoso = await factory.ContosoAsync();
        var api = await factory.ReferralsClientAsync(Alex);
        var id = (await api.CreateDealAsync(contoso, DealBody("Page Lost Ltd"))).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(api, contoso, id, new { status = "Active" })).StatusCode);
        var page = new PageClient(factory);
        await page.SignInAsync(Alex, DemoData.Password);
        var url = $"/Referrals/Deal/{id}";
        await page.GetAsync(url);
        var form = Html.FormWith(page.LastHtml, "closeReason");
        var before = await factory.DealStateAsync();

        var wrongKind = await page.Http.PostAsync(form.Action, form.Submit(("status", "Lost"), ("closeReason", DealCloseReasons.NotAFit)), Ct);
        var wrongHtml = await wrongKind.Content.ReadAsStringAsync(Ct);
        var noNote = await page.Http.PostAsync(form.Action, form.Submit(("status", "Lost"), ("closeReason", DealCloseReasons.Other), ("note", "")), Ct);
        var noNoteHtml = await noNote.Content.ReadAsStringAsync(Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (wrongKind.StatusCode, noNote.StatusCode));
        Assert.Contains("This reason does not go with that status", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("Note: This field is required.", noNoteHtml, StringComparison.Ordinal);
        Assert.Contains("<option value=\"other\" selected=\"selected\">Other</option>", noNoteHtml, StringComparison.Ordinal);
        Assert.Equal(before, await factory.DealStateAsync());

        var lost = await page.Http.PostAsync(form.Action, form.Submit(("status", "Lost"), ("closeReason", DealCloseReasons.NoDecision), ("note", "Board postponed the project.\nRevisit in Q3.")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode);
        await page.GetAsync(url);
        Assert.Contains("<dt>Close reason</dt><dd>No decision made</dd>", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Board postponed the project.", page.LastHtml, StringComparison.Ordinal);
        await page.GetAsync("/Referrals?status=Lost&reason=no_decision");
        Assert.Contains("Page Lost Ltd", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("<span>No decision made</span>", page.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Tailspin Toys", page.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCloseReasonFieldsAndTheSummary()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/deals/close-summary", out var summary) && summary.TryGetProperty("get", out _));
        Assert.Contains("closeReason", text, StringComparison.Ordinal);
        Assert.Contains("lost_to_competitor", text, StringComparison.Ordinal);
        Assert.Contains("closedWithin", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DealStatus.Lost, null, DealCloseReasons.Other)]
    [InlineData(DealStatus.Declined, null, DealCloseReasons.Other)]
    [InlineData(DealStatus.Lost, DealCloseReasons.Timing, DealCloseReasons.Timing)]
    [InlineData(DealStatus.Won, null, null)]
    [InlineData(DealStatus.Active, null, null)]
    public void Effective_MapsDealsClosedBeforeCodesToOther(DealStatus status, string? stored, string? expected) =>
        Assert.Equal(expected, DealCloseReasons.Effective(status, stored));

    [Fact]
    public void ReasonLists_MatchPartnerCenter_AndOnlyOtherIsShared()
    {
        Assert.Equal(["not_a_fit", "customer_not_interested", "duplicate", "insufficient_information", "outside_our_region", "other"], DealCloseReasons.Decline);
        Assert.Equal(["lost_to_competitor", "no_budget", "no_decision", "customer_unresponsive", "timing", "other"], DealCloseReasons.Lost);
        Assert.Equal(["other"], DealCloseReasons.Decline.Intersect(DealCloseReasons.Lost));
        Assert.Equal(11, DealCloseReasons.All.Count);
    }
}
