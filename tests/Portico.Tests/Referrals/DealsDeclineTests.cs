using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>
/// Declining a referral (New → Declined, with a reason), as Partner Center lets a partner decline a new referral it
/// will not pursue: through the API and the deal page, audited, final, and only from New, by whoever may change the deal.
/// </summary>
public sealed class DealsDeclineTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private const string Why = "Outside our practice: the customer needs on-site hardware support in Osaka.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error, string? field = null)
    {
        var before = await factory.DealStateAsync();
        var body = await (await call()).AssertProblemAsync(status, error);
        if (field is not null)
        {
            Assert.Contains(field, body.FieldErrors());
        }

        Assert.Equal(before, await factory.DealStateAsync());
    }

    private static Task<HttpResponseMessage> StatusAsync(HttpClient client, Guid contoso, Guid id, object body) =>
        client.PostAsJsonAsync($"{Deals(contoso)}/{id}/status", body, Ct);

    private async Task<(HttpClient Client, Guid Contoso, Guid Id)> NewDealAsync(string customer)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);
        var created = await client.CreateDealAsync(contoso, DealBody(customer));
        return (client, contoso, created.GetProperty("id").GetGuid());
    }

    private Task<List<AuditEvent>> StatusAuditAsync(Guid id) =>
        factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .Where(e => e.Type == AuditEventType.DealStatusChanged && e.Details!.Contains(id.ToString())).ToListAsync(Ct));

    [Fact]
    public async Task Decline_NewDealWithReason_ClosesItAsDeclinedAuditedAndFinal()
    {
        var (client, contoso, id) = await NewDealAsync("Proseware");
        var taylor = await factory.AccountAsync(Taylor);

        var response = await StatusAsync(client, contoso, id, new { status = "Declined", reason = "  " + Why + "\n" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Declined", body.GetProperty("status").GetString());
        Assert.Equal(Why, body.GetProperty("lostReason").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("closedAt").ValueKind);
        var deal = await factory.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id, Ct));
        Assert.Equal((DealStatus.Declined, DealCloseReasons.Other, Why), (deal.Status, deal.CloseReason, deal.CloseNote));
        Assert.NotNull(deal.ClosedUtc);
        var audit = Assert.Single(await StatusAuditAsync(id));
        Assert.Equal(taylor.Id, audit.ActorAccountId);
        Assert.Equal(contoso, audit.TargetOrganizationId);
        using (var details = JsonDocument.Parse(audit.Details!))
        {
            Assert.Equal(("New", "Declined"), (details.RootElement.GetProperty("from").GetString(), details.RootElement.GetProperty("to").GetString()));
        }

        var version = body.GetProperty("version").GetGuid();
        foreach (var next in new[] { "Active", "Declined", "Lost", "Won" })
        {
            await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = next, reason = Why }), HttpStatusCode.Conflict, DealErrors.DealClosed);
        }

        await AssertRefusedAsync(() => client.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Reopened", ("version", version)), Ct),
            HttpStatusCode.Conflict, DealErrors.DealClosed);
    }

    [Fact]
    public async Task Decline_ActiveDeal_IsRefusedAndNothingWritten()
    {
        var (client, contoso, id) = await NewDealAsync("Bellows College");
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(client, contoso, id, new { status = "Active" })).StatusCode);

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason = Why }), HttpStatusCode.Conflict, DealErrors.StatusNotAllowed);

        Assert.Equal(DealStatus.Active, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));
        Assert.Single(await StatusAuditAsync(id));
    }

    [Theory]
    [InlineData("Wide World Importers")]
    [InlineData("Litware Inc.")]
    public async Task Decline_WonOrActiveDemoDeal_IsRefused(string customer)
    {
        var contoso = await factory.ContosoAsync();
        var id = await factory.DemoDealIdAsync(customer);
        var client = await factory.ReferralsClientAsync(Taylor);
        var status = await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct));

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason = Why }), HttpStatusCode.Conflict,
            status == DealStatus.Won ? DealErrors.DealClosed : DealErrors.StatusNotAllowed);
    }

    [Fact]
    public async Task Decline_LostDemoDeal_AsItsAdmin_IsRefusedAsClosed()
    {
        var contoso = await factory.ContosoAsync();
        var id = await factory.DemoDealIdAsync("Tailspin Toys");
        var client = await factory.ReferralsClientAsync(Mika);

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason = Why }), HttpStatusCode.Conflict, DealErrors.DealClosed);
    }

    [Theory]
    [InlineData(null, "closeReason:required")]
    [InlineData("   ", "closeReason:required")]
    [InlineData("Not a fit\u0000", "note:invalid_characters")]
    public async Task Decline_WithoutAUsableReason_Answers400AndWritesNothing(string? reason, string field)
    {
        var (client, contoso, id) = await NewDealAsync("Fabrikam Residences");

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason }), HttpStatusCode.BadRequest, "validation_failed", field);
        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason = new string('r', Deal.CloseNoteMaxLength + 1) }),
            HttpStatusCode.BadRequest, "validation_failed", "note:too_long");
        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "declined", reason = Why }), HttpStatusCode.BadRequest, "validation_failed", "status:invalid_value");
        Assert.Equal(DealStatus.New, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Decline_WithAStaleVersion_IsRefused()
    {
        var (client, contoso, id) = await NewDealAsync("Alpine Ski House");

        await AssertRefusedAsync(() => StatusAsync(client, contoso, id, new { status = "Declined", reason = Why, version = Guid.NewGuid() }),
            HttpStatusCode.Conflict, DealErrors.DealChanged);
    }

    [Fact]
    public async Task Decline_SomeoneElsesNewDeal_IsNotFoundForAReferralsUser_ButTheLocationAdminDeclinesIt()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var alex = await factory.ReferralsClientAsync(Alex);
        var id = (await alex.CreateDealAsync(contoso, DealBody("Woodgrove Bank", ("locationId", tokyo)))).GetProperty("id").GetGuid();
        var taylor = await factory.ReferralsClientAsync(Taylor);
        var tokyoAdmin = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, tokyo, "Tokyo Decliner");
        var admin = await factory.ReferralsClientAsync(tokyoAdmin.Email!, Builders.GoodPassword);

        await AssertRefusedAsync(() => StatusAsync(taylor, contoso, id, new { status = "Declined", reason = Why }), HttpStatusCode.NotFound, DealErrors.DealNotFound);
        var declined = await StatusAsync(admin, contoso, id, new { status = "Declined", reason = Why });

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal(tokyoAdmin.Id, Assert.Single(await StatusAuditAsync(id)).ActorAccountId);
    }

    [Fact]
    public async Task List_StatusFilterDeclined_ReturnsOnlyDeclinedDeals()
    {
        var (client, contoso, id) = await NewDealAsync("Contoso Pharmaceuticals");
        Assert.Equal(HttpStatusCode.OK, (await StatusAsync(client, contoso, id, new { status = "Declined", reason = Why })).StatusCode);

        var page = await (await client.GetAsync($"{Deals(contoso)}?status=Declined", Ct)).JsonAsync();

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, d => d.GetProperty("id").GetGuid() == id);
        Assert.All(items, d => Assert.Equal("Declined", d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task DealPage_DeclinesANewDealThroughTheStatusForm_AndThenShowsItClosed()
    {
        var (_, _, id) = await NewDealAsync("Margie's Travel Tours");
        var page = new PageClient(factory);
        var signedIn = await page.PostFormAsync("/SignIn", [new("Input.Email", Taylor), new("Input.Password", DemoData.Password)]);
        if (signedIn.Headers.Location!.OriginalString.StartsWith("/SignIn/ChooseAccount", StringComparison.Ordinal))
        {
            await page.GetAsync(signedIn.Headers.Location.OriginalString);
            var work = Html.PostForms(page.LastHtml).Single(f => f.Fields.ContainsKey("accountId") && f.Text.Contains("Work account", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Redirect, (await page.Http.PostAsync("/SignIn/ChooseAccount", work.Submit(), Ct)).StatusCode);
        }

        var url = $"/Referrals/Deal/{id}";

        await page.GetAsync(url);
        Assert.Contains("<option value=\"Declined\">Declined</option>", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("A new referral you will not pursue can be declined", page.LastHtml, StringComparison.Ordinal);
        var status = Html.FormWith(page.LastHtml, "status");
        var refused = await page.Http.PostAsync(status.Action, status.Submit(("status", "Declined"), ("closeReason", "")), Ct);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Close reason: This field is required.", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(DealStatus.New, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));

        var declined = await page.Http.PostAsync(status.Action, status.Submit(("status", "Declined"), ("closeReason", "other"), ("note", Why)), Ct);

        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(DealStatus.Declined, await factory.WithDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.Status).SingleAsync(Ct)));
        await page.GetAsync(url);
        Assert.Contains("The deal is now Declined.", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Won, Lost and Declined deals can no longer be changed.", page.LastHtml, StringComparison.Ordinal);
        Assert.Contains(Why, page.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"status\"", page.LastHtml, StringComparison.Ordinal);
    }
}
