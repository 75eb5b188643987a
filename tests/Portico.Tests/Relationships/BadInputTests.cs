using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Relationships;

/// <summary>Every refused relationship request (issue 5, "Bad input"): a 4xx with a stable code, and nothing changed.</summary>
public sealed class BadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error, string? field = null)
    {
        var before = await factory.StateAsync();
        var response = await call();
        var body = await response.AssertProblemAsync(status, error);
        if (field is not null)
        {
            Assert.Contains(field, body.FieldErrors());
        }

        Assert.Equal(before, await factory.StateAsync());
    }

    private async Task<(HttpClient Nora, Guid Northwind, Guid Fabrikam)> ProviderAsync() =>
        (await factory.ClientAsync(Nora), await factory.NorthwindAsync(), await factory.FabrikamAsync());

    [Theory]
    [InlineData(0)]
    [InlineData(731)]
    [InlineData(-5)]
    public async Task Request_DurationOutside1To730_IsRefused(int days)
    {
        var (nora, northwind, fabrikam) = await ProviderAsync();
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = fabrikam, displayName = "Too long", roles = new[] { DelegableRoles.DirectoryReader }, durationDays = days }, Ct),
            HttpStatusCode.BadRequest, "validation_failed", "durationDays:out_of_range");
    }

    [Fact]
    public async Task Request_AutoExtendWithGlobalAdministrator_IsRefused()
    {
        var (nora, northwind, fabrikam) = await ProviderAsync();
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = fabrikam, displayName = "Forever GA", roles = new[] { DelegableRoles.GlobalAdministrator }, durationDays = 30, autoExtend = true }, Ct),
            HttpStatusCode.BadRequest, "auto_extend_not_allowed");
    }

    [Fact]
    public async Task Request_UnknownRoleOrNoRoles_IsRefused()
    {
        var (nora, northwind, fabrikam) = await ProviderAsync();
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = fabrikam, displayName = "Odd", roles = new[] { Roles.GlobalAdmin }, durationDays = 30 }, Ct),
            HttpStatusCode.BadRequest, "validation_failed", "roles:unknown_role");
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = fabrikam, displayName = "Empty", roles = Array.Empty<string>(), durationDays = 30 }, Ct),
            HttpStatusCode.BadRequest, "validation_failed", "roles:required");
    }

    [Fact]
    public async Task Request_ToSelfOrUnknownCustomer_IsRefused()
    {
        var (nora, northwind, _) = await ProviderAsync();
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = northwind, displayName = "Me", roles = new[] { DelegableRoles.DirectoryReader }, durationDays = 30 }, Ct),
            HttpStatusCode.BadRequest, "self_relationship");
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships",
                new { customerOrgId = Guid.NewGuid(), displayName = "Nobody", roles = new[] { DelegableRoles.DirectoryReader }, durationDays = 30 }, Ct),
            HttpStatusCode.NotFound, "customer_not_found");
    }

    [Fact]
    public async Task Request_DuplicatePending_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var northwind = await factory.NorthwindAsync();
        var alex = await factory.ClientAsync(Alex);
        await alex.RequestAsync(contoso, northwind, [DelegableRoles.DirectoryReader], name: "First");

        await AssertRefusedAsync(() => alex.PostAsJsonAsync($"/api/v1/orgs/{contoso}/delegated-admin-relationships",
                new { customerOrgId = northwind, displayName = "Second", roles = new[] { DelegableRoles.BillingReader }, durationDays = 30 }, Ct),
            HttpStatusCode.Conflict, "duplicate_pending_request");
    }

    [Fact]
    public async Task Invite_UnknownOrSelfPartnerId_IsRefused()
    {
        var (nora, northwind, _) = await ProviderAsync();
        var own = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == northwind).Select(o => o.PartnerId).SingleAsync(Ct));
        var unknown = Enumerable.Range(0, 100).Select(i => (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(p => !factory.WithDbAsync(db => db.Organizations.AnyAsync(o => o.PartnerId == p, Ct)).Result);

        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/reseller-relationships", new { partnerId = unknown }, Ct),
            HttpStatusCode.NotFound, "partner_not_found");
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/reseller-relationships", new { partnerId = own }, Ct),
            HttpStatusCode.BadRequest, "self_relationship");
        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/reseller-relationships", new { partnerId = "12ab" }, Ct),
            HttpStatusCode.BadRequest, "validation_failed", "partnerId:invalid_value");
    }

    [Fact]
    public async Task Invite_ExistingCustomer_OrByAReseller_IsRefused()
    {
        var (nora, northwind, fabrikam) = await ProviderAsync();
        var fabrikamPartnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == fabrikam).Select(o => o.PartnerId).SingleAsync(Ct));
        var northwindPartnerId = await factory.WithDbAsync(db => db.Organizations.Where(o => o.Id == northwind).Select(o => o.PartnerId).SingleAsync(Ct));
        var fumi = await factory.ClientAsync(Fumi);

        await AssertRefusedAsync(() => nora.PostAsJsonAsync($"/api/v1/orgs/{northwind}/reseller-relationships", new { partnerId = fabrikamPartnerId }, Ct),
            HttpStatusCode.Conflict, "reseller_relationship_exists");
        await AssertRefusedAsync(() => fumi.PostAsJsonAsync($"/api/v1/orgs/{fabrikam}/reseller-relationships", new { partnerId = northwindPartnerId }, Ct),
            HttpStatusCode.Conflict, "provider_type_not_allowed");
    }

    [Fact]
    public async Task Approve_ByNonGlobalAdmin_IsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var fabrikam = await factory.FabrikamAsync();
        var alex = await factory.ClientAsync(Alex);
        var pending = await factory.WithDbAsync(db => db.DelegatedAdminRelationships
            .Where(r => r.ProviderOrganizationId == contoso && r.Status == Web.Features.Relationships.DelegatedAdminRelationshipStatus.ApprovalPending)
            .Select(r => (Guid?)r.Id).FirstOrDefaultAsync(Ct))
            ?? (await alex.RequestAsync(contoso, fabrikam, [DelegableRoles.DirectoryReader], name: "Needs approval")).GetProperty("id").GetGuid();
        var jun = await factory.ClientAsync(Jun);
        var ken = await factory.ClientAsync(Ken);

        // A Sales agent of the customer, the provider itself, and an agent acting through another relationship.
        await AssertRefusedAsync(() => jun.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{pending}/approve", null, Ct),
            HttpStatusCode.Forbidden, "forbidden");
        await AssertRefusedAsync(() => alex.PostAsync($"/api/v1/orgs/{contoso}/delegated-admin-relationships/{pending}/approve", null, Ct),
            HttpStatusCode.NotFound, "relationship_not_found");
        await AssertRefusedAsync(() => ken.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{pending}/approve", null, Ct),
            HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Approve_AfterTheRequestExpired_IsRefused()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var nora = await portal.ClientAsync(Nora);
        var id = (await nora.RequestAsync(northwind, fabrikam, [DelegableRoles.BillingReader])).GetProperty("id").GetGuid();
        portal.Time.Advance(TimeSpan.FromDays(90));
        var fumi = await portal.ClientAsync(Fumi);
        var before = await portal.StateAsync();

        var response = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "relationship_expired");
        Assert.Equal(before, await portal.StateAsync());
    }

    [Fact]
    public async Task Assign_ToAnAccountWithoutAgentRole_IsRefused()
    {
        var (nora, northwind, _) = await ProviderAsync();
        var id = await factory.DemoRelationshipIdAsync();
        var noraId = (await factory.AccountAsync(Nora)).Id;
        var fumiId = (await factory.AccountAsync(Fumi)).Id;
        var kenId = (await factory.AccountAsync(Ken)).Id;

        await AssertRefusedAsync(() => nora.PutAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships/{id}/assignments",
                new { accountId = noraId, roles = new[] { DelegableRoles.DirectoryReader } }, Ct),
            HttpStatusCode.Conflict, "assignee_not_agent");
        await AssertRefusedAsync(() => nora.PutAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships/{id}/assignments",
                new { accountId = fumiId, roles = new[] { DelegableRoles.DirectoryReader } }, Ct),
            HttpStatusCode.NotFound, "assignee_not_found");
        await AssertRefusedAsync(() => nora.PutAsJsonAsync($"/api/v1/orgs/{northwind}/delegated-admin-relationships/{id}/assignments",
                new { accountId = kenId, roles = new[] { DelegableRoles.GlobalAdministrator } }, Ct),
            HttpStatusCode.BadRequest, "role_not_in_relationship");
    }

    [Fact]
    public async Task AnotherProvidersRelationship_CannotBeUsed()
    {
        var contoso = await factory.ContosoAsync();
        var fabrikam = await factory.FabrikamAsync();
        var id = await factory.DemoRelationshipIdAsync();
        var alex = await factory.ClientAsync(Alex);
        var samId = (await factory.AccountAsync("sam.lee@contoso.example")).Id;
        var sam = await factory.ClientAsync("sam.lee@contoso.example");

        await AssertRefusedAsync(() => alex.PutAsJsonAsync($"/api/v1/orgs/{contoso}/delegated-admin-relationships/{id}/assignments",
                new { accountId = samId, roles = new[] { DelegableRoles.DirectoryReader } }, Ct),
            HttpStatusCode.NotFound, "relationship_not_found");
        await AssertRefusedAsync(() => alex.PostAsync($"/api/v1/orgs/{contoso}/delegated-admin-relationships/{id}/terminate", null, Ct),
            HttpStatusCode.NotFound, "relationship_not_found");
        await AssertRefusedAsync(() => sam.GetAsync($"/api/v1/orgs/{fabrikam}/users", Ct), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.NotFound, (await alex.GetAsync($"/api/v1/orgs/{contoso}/delegated-admin-relationships/{id}", Ct)).StatusCode);
    }
}
