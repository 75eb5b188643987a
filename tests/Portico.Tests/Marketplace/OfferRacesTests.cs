using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using static Portico.Tests.Marketplace.MarketplaceTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Marketplace;

/// <summary>
/// Races on offers: another request saves between this one's checks and its write. A duplicate name is still
/// <c>offer_name_taken</c>; any other refused write is a server error, never a name clash.
/// </summary>
public sealed class OfferRacesTests(RacingPortalFactory factory) : IClassFixture<RacingPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OfferInput Input(string name) => new(name, "SaaS", "Ticketing for field service teams.", "Schedules visits.", "Free", null, null);

    private static Func<DbContext, bool> Adding(string name) =>
        context => context.ChangeTracker.Entries<Offer>().Any(e => e.State == EntityState.Added && e.Entity.Name == name);

    [Fact]
    public async Task Create_SameNameSavedBetweenCheckAndWrite_Answers409NameTakenAndWritesNothing()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var devon = await factory.AccountAsync(Devon);
        var name = "Race " + Guid.NewGuid().ToString("N")[..8];
        var audited = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.OfferCreated, Ct));
        OfferResult? other = null;
        factory.Race.Before(Adding(name), async () =>
        {
            var actor = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(PorticoClaims.AccountId, devon.Id.ToString()), new Claim(PorticoClaims.OrganizationId, contoso.ToString())], "test"));
            await using var scope = factory.Scope();
            other = await scope.ServiceProvider.GetRequiredService<OfferService>().CreateAsync(contoso, actor, Input(name.ToLowerInvariant()), Ct);
        });

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers", Body(name), Ct);

        Assert.True(factory.Race.Ran);
        Assert.Equal((int)HttpStatusCode.Created, other!.Status);
        await response.AssertProblemAsync(HttpStatusCode.Conflict, OfferErrors.NameTaken);
        var normalized = Offer.Normalize(name);
        var stored = await factory.WithDbAsync(db => db.Offers.Where(o => o.OrganizationId == contoso && o.NormalizedName == normalized).Select(o => o.Name).ToListAsync(Ct));
        Assert.Equal([name.ToLowerInvariant()], stored);
        Assert.Equal(audited + 1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == AuditEventType.OfferCreated, Ct)));
    }

    [Fact]
    public async Task Create_IdTakenBetweenCheckAndWrite_IsAServerErrorNotANameClash()
    {
        var (client, _) = await factory.ContosoUserAsync(Roles.Developer);
        var contoso = await factory.ContosoAsync();
        var name = "Clash " + Guid.NewGuid().ToString("N")[..8];
        var offerId = Guid.Empty;
        factory.Race.Before(
            context =>
            {
                var pending = context.ChangeTracker.Entries<Offer>().SingleOrDefault(e => e.State == EntityState.Added && e.Entity.Name == name);
                offerId = pending?.Entity.Id ?? Guid.Empty;
                return pending is not null;
            },
            () => factory.WithDbAsync(db =>
            {
                // Note: another row takes the same primary key under another name: the key refuses the save, not the name index.
                db.Offers.Add(new Offer
                {
                    Id = offerId, OrganizationId = contoso, Name = name + " other", NormalizedName = Offer.Normalize(name + " other"),
                    Summary = "s", Description = "d", Type = OfferType.SaaS, Pricing = PricingModel.Free, Status = OfferStatus.Draft,
                    CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
                });
                return db.SaveChangesAsync(Ct);
            }));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(Ct));

        var response = await client.PostAsJsonAsync($"/api/v1/orgs/{contoso}/offers", Body(name), Ct);

        Assert.True(factory.Race.Ran);
        await response.AssertProblemAsync(HttpStatusCode.InternalServerError, ErrorCodes.InternalError);
        var normalized = Offer.Normalize(name);
        Assert.False(await factory.WithDbAsync(db => db.Offers.AnyAsync(o => o.NormalizedName == normalized, Ct)));
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(Ct)));
    }
}
