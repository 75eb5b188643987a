using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Referrals;
using static Portico.Tests.Referrals.ReferralsTestKit;

namespace Portico.Tests.Referrals;

/// <summary>The deals API: who sees which deals, create and edit, status moves, owner changes, refusals and audit rows.</summary>
public sealed class DealsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, Guid contoso, string query = "?pageSize=100")
    {
        var response = await client.GetAsync(Deals(contoso) + query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return [.. (await response.JsonAsync()).GetProperty("items").EnumerateArray()];
    }

    private static IEnumerable<string> Customers(IEnumerable<JsonElement> deals) => deals.Select(d => d.GetProperty("customerName").GetString()!);

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

    [Fact]
    public async Task List_AsReferralsUser_ShowsOnlyOwnDeals()
    {
        var contoso = await factory.ContosoAsync();
        var taylor = await factory.AccountAsync(Taylor);
        var client = await factory.ReferralsClientAsync(Taylor);

        var deals = await ListAsync(client, contoso);

        Assert.Contains("Litware Inc.", Customers(deals));
        Assert.Contains("Wide World Importers", Customers(deals));
        Assert.DoesNotContain("Tailspin Toys", Customers(deals));
        Assert.DoesNotContain("株式会社フォース", Customers(deals));
        Assert.All(deals, d => Assert.Equal(taylor.Id, d.GetProperty("ownerId").GetGuid()));
    }

    [Theory]
    [InlineData(Mika)]
    [InlineData(Alex)]
    public async Task List_AsReferralsAdminOrGlobalAdmin_ShowsEveryDeal(string email)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(email);

        var deals = await ListAsync(client, contoso);

        Assert.Superset(new HashSet<string> { "Litware Inc.", "Adatum Corporation", "Tailspin Toys", "株式会社フォース", "Northwind Traders" }, Customers(deals).ToHashSet());
        var total = await factory.WithDbAsync(db => db.Deals.CountAsync(d => d.OrganizationId == contoso, Ct));
        Assert.Equal(total, deals.Count);
    }

    [Fact]
    public async Task List_AsLocationAdmin_ShowsThatLocationsDealsAndOwn()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var admin = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, tokyo, "Tokyo Admin");
        var client = await factory.ReferralsClientAsync(admin.Email!, Builders.GoodPassword);

        var deals = await ListAsync(client, contoso);

        Assert.Contains("株式会社フォース", Customers(deals));
        Assert.Contains("Northwind Traders", Customers(deals));
        Assert.DoesNotContain("Litware Inc.", Customers(deals)); // Seattle
        Assert.DoesNotContain("Adatum Corporation", Customers(deals)); // organization-wide, Taylor's
        Assert.All(deals, d => Assert.Equal(tokyo, d.GetProperty("locationId").GetGuid()));
    }

    [Fact]
    public async Task Get_DealOutsideScope_AnswersExactlyLikeAMissingDeal()
    {
        var contoso = await factory.ContosoAsync();
        var mikasDeal = await factory.DemoDealIdAsync("Tailspin Toys");
        var client = await factory.ReferralsClientAsync(Taylor);

        var other = await client.GetAsync($"{Deals(contoso)}/{mikasDeal}", Ct);
        var missing = await client.GetAsync($"{Deals(contoso)}/{Guid.NewGuid()}", Ct);

        await other.AssertProblemAsync(HttpStatusCode.NotFound, DealErrors.DealNotFound);
        Assert.Equal(await missing.Content.ReadAsStringAsync(Ct), await other.Content.ReadAsStringAsync(Ct));
        await AssertRefusedAsync(() => client.PutAsJsonAsync($"{Deals(contoso)}/{mikasDeal}", DealBody("Taken", ("version", Guid.NewGuid())), Ct),
            HttpStatusCode.NotFound, DealErrors.DealNotFound);
        await AssertRefusedAsync(() => client.PostAsJsonAsync($"{Deals(contoso)}/{mikasDeal}/status", new { status = "Active" }, Ct),
            HttpStatusCode.NotFound, DealErrors.DealNotFound);
    }

    [Fact]
    public async Task Create_AsReferralsUser_OwnsTheDeal_AndIsAudited()
    {
        var contoso = await factory.ContosoAsync();
        var taylor = await factory.AccountAsync(Taylor);
        var client = await factory.ReferralsClientAsync(Taylor);

        var created = await client.CreateDealAsync(contoso, DealBody("Proseware Inc.", ("value", 1234.5m)));

        Assert.Equal("New", created.GetProperty("status").GetString());
        Assert.Equal(taylor.Id, created.GetProperty("ownerId").GetGuid());
        Assert.Equal(123450, created.GetProperty("valueMinor").GetInt64());
        Assert.Equal(1234.5m, created.GetProperty("value").GetDecimal());
        var id = created.GetProperty("id").GetGuid();
        var deal = await factory.WithDbAsync(db => db.Deals.SingleAsync(d => d.Id == id, Ct));
        Assert.Equal(("Proseware Inc.", "USD", taylor.Id, taylor.Id), (deal.CustomerName, deal.Currency, deal.OwnerAccountId, deal.CreatedByAccountId));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.DealCreated && e.Details!.Contains(id.ToString())).ToListAsync(Ct));
        var row = Assert.Single(audit);
        Assert.Equal((contoso, taylor.Id, taylor.Id), (row.TargetOrganizationId!.Value, row.ActorAccountId!.Value, row.TargetAccountId!.Value));
        Assert.DoesNotContain("lee.ortiz", row.Details, StringComparison.Ordinal);

        var read = await client.GetAsync($"{Deals(contoso)}/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Proseware Inc.", (await read.JsonAsync()).GetProperty("customerName").GetString());
    }

    [Fact]
    public async Task Create_JpyValue_IsStoredInWholeYen()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Mika);

        var created = await client.CreateDealAsync(contoso, DealBody("東京システム株式会社", ("value", 3000000), ("currency", "JPY")));

        Assert.Equal(3_000_000, created.GetProperty("valueMinor").GetInt64());
        Assert.Equal("JPY", created.GetProperty("currency").GetString());
    }

    [Fact]
    public async Task Create_AsReferralsUserForSomeoneElse_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var mika = await factory.AccountAsync(Mika);
        var client = await factory.ReferralsClientAsync(Taylor);

        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("Gift", ("ownerId", mika.Id)), Ct),
            HttpStatusCode.Forbidden, DealErrors.OwnerChangeNotAllowed);
    }

    [Fact]
    public async Task Update_ByOwner_ChangesFields_AndRefusesAStaleVersion()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);
        var created = await client.CreateDealAsync(contoso, DealBody("Contoso Pharma"));
        var id = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetGuid();

        var updated = await client.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Contoso Pharmaceuticals", ("value", 30000), ("version", version)), Ct);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.JsonAsync();
        Assert.Equal("Contoso Pharmaceuticals", body.GetProperty("customerName").GetString());
        Assert.NotEqual(version, body.GetProperty("version").GetGuid());
        var audit = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Type == AuditEventType.DealUpdated && e.Details!.Contains(id.ToString()), Ct));
        Assert.Contains("customerName", audit.Details, StringComparison.Ordinal);
        Assert.Contains("value", audit.Details, StringComparison.Ordinal);

        await AssertRefusedAsync(() => client.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Lost update", ("version", version)), Ct),
            HttpStatusCode.Conflict, DealErrors.DealChanged);
    }

    [Fact]
    public async Task Status_MovesNewActiveLost_WithReason_ThenTheDealIsFinal()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Taylor);
        var created = await client.CreateDealAsync(contoso, DealBody("Relecloud"));
        var id = created.GetProperty("id").GetGuid();
        var status = $"{Deals(contoso)}/{id}/status";

        await AssertRefusedAsync(() => client.PostAsJsonAsync(status, new { status = "Won" }, Ct), HttpStatusCode.Conflict, DealErrors.StatusNotAllowed);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(status, new { status = "Active" }, Ct)).StatusCode);
        await AssertRefusedAsync(() => client.PostAsJsonAsync(status, new { status = "Lost" }, Ct), HttpStatusCode.BadRequest, "validation_failed", "closeReason:required");
        await AssertRefusedAsync(() => client.PostAsJsonAsync(status, new { status = "New" }, Ct), HttpStatusCode.Conflict, DealErrors.StatusNotAllowed);

        var lost = await client.PostAsJsonAsync(status, new { status = "Lost", reason = "Budget moved to next fiscal year." }, Ct);

        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var body = await lost.JsonAsync();
        Assert.Equal("Lost", body.GetProperty("status").GetString());
        Assert.Equal("Budget moved to next fiscal year.", body.GetProperty("lostReason").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("closedAt").ValueKind);
        var moves = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.DealStatusChanged && e.Details!.Contains(id.ToString())).CountAsync(Ct));
        Assert.Equal(2, moves);

        var version = body.GetProperty("version").GetGuid();
        await AssertRefusedAsync(() => client.PostAsJsonAsync(status, new { status = "Active" }, Ct), HttpStatusCode.Conflict, DealErrors.DealClosed);
        await AssertRefusedAsync(() => client.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Reopened", ("version", version)), Ct),
            HttpStatusCode.Conflict, DealErrors.DealClosed);
    }

    [Fact]
    public async Task Reassign_ByAdmin_ToReferralsUser_IsAudited_AndToAccountWithoutReferralsRole_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var taylorClient = await factory.ReferralsClientAsync(Taylor);
        var created = await taylorClient.CreateDealAsync(contoso, DealBody("Bellows College"));
        var id = created.GetProperty("id").GetGuid();
        var version = created.GetProperty("version").GetGuid();
        var sam = await factory.AccountAsync(Sam);
        var colleague = await factory.ContosoAccountAsync(Roles.ReferralsUser, null, "Jordan Referrals");
        var mika = await factory.ReferralsClientAsync(Mika);

        await AssertRefusedAsync(() => mika.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Bellows College", ("ownerId", sam.Id), ("version", version)), Ct),
            HttpStatusCode.BadRequest, DealErrors.OwnerNotEligible);
        await AssertRefusedAsync(() => taylorClient.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Bellows College", ("ownerId", colleague.Id), ("version", version)), Ct),
            HttpStatusCode.Forbidden, DealErrors.OwnerChangeNotAllowed);

        var moved = await mika.PutAsJsonAsync($"{Deals(contoso)}/{id}", DealBody("Bellows College", ("ownerId", colleague.Id), ("version", version)), Ct);

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(colleague.Id, (await moved.JsonAsync()).GetProperty("ownerId").GetGuid());
        var audit = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Type == AuditEventType.DealReassigned && e.Details!.Contains(id.ToString()), Ct));
        Assert.Equal(colleague.Id, audit.TargetAccountId);
        Assert.False(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.DealUpdated && e.Details!.Contains(id.ToString()), Ct)));
        await (await taylorClient.GetAsync($"{Deals(contoso)}/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, DealErrors.DealNotFound);
    }

    [Fact]
    public async Task LocationAdmin_ReassignsWithinLocation_AndCannotPlaceDealsElsewhere()
    {
        var contoso = await factory.ContosoAsync();
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var seattle = await factory.LocationIdAsync(contoso, "Seattle");
        var admin = await factory.ContosoAccountAsync(Roles.ReferralsAdmin, tokyo, "Tokyo Admin 2");
        var seattleUser = await factory.ContosoAccountAsync(Roles.ReferralsUser, seattle, "Seattle Seller");
        var taylor = await factory.AccountAsync(Taylor);
        var client = await factory.ReferralsClientAsync(admin.Email!, Builders.GoodPassword);

        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("Nowhere"), Ct), HttpStatusCode.BadRequest, "validation_failed", "locationId:required");
        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("Elsewhere", ("locationId", seattle)), Ct),
            HttpStatusCode.BadRequest, "validation_failed", "locationId:invalid_value");
        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("For Seattle", ("locationId", tokyo), ("ownerId", seattleUser.Id)), Ct),
            HttpStatusCode.BadRequest, DealErrors.OwnerNotEligible);

        var created = await client.CreateDealAsync(contoso, DealBody("Trey Research", ("locationId", tokyo), ("ownerId", taylor.Id)));

        Assert.Equal(taylor.Id, created.GetProperty("ownerId").GetGuid());
        Assert.Equal("Tokyo", created.GetProperty("locationName").GetString());
        var taylorClient = await factory.ReferralsClientAsync(Taylor);
        Assert.Equal(HttpStatusCode.OK, (await taylorClient.GetAsync($"{Deals(contoso)}/{created.GetProperty("id").GetGuid()}", Ct)).StatusCode);
        var seattleDeal = await factory.DemoDealIdAsync("Litware Inc.");
        await (await client.GetAsync($"{Deals(contoso)}/{seattleDeal}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, DealErrors.DealNotFound);
    }

    [Fact]
    public async Task LocationUser_CreatesOnlyAtTheirLocation()
    {
        var contoso = await factory.ContosoAsync();
        var seattle = await factory.LocationIdAsync(contoso, "Seattle");
        var tokyo = await factory.LocationIdAsync(contoso, "Tokyo");
        var user = await factory.ContosoAccountAsync(Roles.ReferralsUser, seattle, "Seattle Seller 2");
        var client = await factory.ReferralsClientAsync(user.Email!, Builders.GoodPassword);

        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("A"), Ct), HttpStatusCode.BadRequest, "validation_failed", "locationId:required");
        await AssertRefusedAsync(() => client.PostAsJsonAsync(Deals(contoso), DealBody("B", ("locationId", tokyo)), Ct),
            HttpStatusCode.BadRequest, "validation_failed", "locationId:invalid_value");
        var created = await client.CreateDealAsync(contoso, DealBody("Seattle deal", ("locationId", seattle)));

        Assert.Equal(user.Id, created.GetProperty("ownerId").GetGuid());
        Assert.Equal(new[] { "Seattle deal" }, Customers(await ListAsync(client, contoso)).ToArray());
    }

    [Fact]
    public async Task List_FiltersByStatus_AndPages()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ReferralsClientAsync(Mika);

        var won = await ListAsync(client, contoso, "?status=Won");
        var first = await client.GetAsync(Deals(contoso) + "?pageSize=2&page=1", Ct);
        var second = await client.GetAsync(Deals(contoso) + "?pageSize=2&page=2", Ct);

        Assert.NotEmpty(won);
        Assert.All(won, d => Assert.Equal("Won", d.GetProperty("status").GetString()));
        var a = await first.JsonAsync();
        var b = await second.JsonAsync();
        Assert.Equal(2, a.GetProperty("items").GetArrayLength());
        Assert.True(a.GetProperty("total").GetInt32() >= 6);
        Assert.Equal(2, b.GetProperty("page").GetInt32());
        Assert.Empty(Customers(a.GetProperty("items").EnumerateArray()).Intersect(Customers(b.GetProperty("items").EnumerateArray())));
    }

    [Fact]
    public async Task OtherOrganizationsAdmin_IsDenied()
    {
        var contoso = await factory.ContosoAsync();
        var nora = await factory.ClientAsync(RelationshipTestKit.Nora);

        var response = await nora.GetAsync(Deals(contoso), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheDealRoutes()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/deals", out var list));
        Assert.True(list.TryGetProperty("get", out _) && list.TryGetProperty("post", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/deals/{id}", out var one));
        Assert.True(one.TryGetProperty("get", out _) && one.TryGetProperty("put", out _));
        Assert.True(paths.TryGetProperty("/api/v1/orgs/{orgId}/deals/{id}/status", out _));
    }
}
