using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Marketplace;

/// <summary>Sign-ins and arrangements shared by the offer tests (demo data: Contoso's three offers, Devon Park is Owner and Developer).</summary>
public static class MarketplaceTestKit
{
    public const string Devon = OfferDemoData.OwnerEmail;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new Contoso work account holding exactly <paramref name="roles"/>, signed in through the API.</summary>
    public static async Task<(HttpClient Client, string Email)> ContosoUserAsync(this PortalFactory factory, params string[] roles)
    {
        var contoso = await factory.ContosoAsync();
        var account = await factory.AWorkAccountAsync(contoso, Builders.UniqueEmail("offers", "contoso.example"), displayName: "Offers " + string.Join("+", roles), roles: roles);
        return (await factory.ClientAsync(account.Email!, mfa: false, password: Builders.GoodPassword), account.Email!);
    }

    /// <summary>A new organization in every program that is not verified, with a signed-in user holding <paramref name="roles"/>.</summary>
    public static async Task<(HttpClient Client, Guid OrgId, string Email)> UnverifiedOrganizationUserAsync(this PortalFactory factory, params string[] roles)
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id, roles: roles);
        return (await factory.ClientAsync(account.Email!, mfa: false, password: Builders.GoodPassword), org.Organization.Id, account.Email!);
    }

    public static object Body(string? name = null, string offerType = "SaaS", string pricingModel = "FlatMonthly", decimal? price = 99.00m, string? currency = "USD") => new
    {
        name = name ?? "Offer " + Guid.NewGuid().ToString("N")[..8],
        offerType,
        summary = "Ticketing for field service teams.",
        description = "Schedules visits, tracks parts and\ncollects signatures on any device.",
        pricingModel,
        price,
        currency,
    };

    public static async Task<JsonElement> CreateOfferAsync(this HttpClient client, Guid orgId, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{orgId}/offers", body ?? Body(), Ct);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.JsonAsync();
    }

    public static Task<Offer?> OfferAsync(this PortalFactory factory, Guid offerId) =>
        factory.WithDbAsync(db => db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offerId, Ct));

    /// <summary>The id of Contoso's offer named <paramref name="name"/> (other organizations may reuse the name).</summary>
    public static async Task<Guid> OfferIdAsync(this PortalFactory factory, string name)
    {
        var contoso = await factory.ContosoAsync();
        return await factory.WithDbAsync(db => db.Offers.Where(o => o.OrganizationId == contoso && o.Name == name).Select(o => o.Id).SingleAsync(Ct));
    }

    /// <summary>Offers (with their status and version) and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<(int Offers, int Audit, string States)> OfferStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.Offers.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            string.Join(",", await db.Offers.OrderBy(o => o.Id).Select(o => o.Name + o.Status.ToString() + o.Version).ToListAsync(Ct))));

    /// <summary>The audit rows of <paramref name="type"/> that name <paramref name="offerId"/> in their details.</summary>
    public static Task<List<AuditEvent>> OfferAuditAsync(this PortalFactory factory, Guid offerId, AuditEventType type) =>
        factory.WithDbAsync(async db => (await db.AuditEvents.AsNoTracking().Where(e => e.Type == type).ToListAsync(Ct))
            .Where(e => e.Details is not null && e.Details.Contains(offerId.ToString(), StringComparison.Ordinal)).ToList());
}
