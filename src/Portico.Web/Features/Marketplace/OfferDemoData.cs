using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.Marketplace;

/// <summary>Demo offers at Contoso (enrolled in Marketplace and verified), created by its Owner, Devon Park.</summary>
public static class OfferDemoData
{
    public const string OrganizationName = "Contoso Cloud Solutions";
    public const string OwnerEmail = "devon.park@contoso.example";
    public const string PublishedOffer = "Contoso Backup for Microsoft 365";
    public const string DraftOffer = "Contoso Azure Migration Briefing";
    public const string UnpublishedOffer = "Contoso Managed Security Operations";

    public static async Task SeedAsync(AppDbContext db, AuditTrail audit, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var contoso = await db.Organizations.Where(o => o.DisplayName == OrganizationName).Select(o => o.Id).SingleAsync(cancellationToken);
        var ownerEmail = OwnerEmail.ToUpperInvariant();
        var owner = await db.Users.Where(a => a.NormalizedEmail == ownerEmail).Select(a => a.Id).SingleAsync(cancellationToken);
        Offer Make(string name, OfferType type, string summary, string description, PricingModel pricing, decimal? price, string? currency, OfferStatus status, int daysAgo)
        {
            var created = now.AddDays(-daysAgo);
            return new Offer
            {
                OrganizationId = contoso,
                Name = name,
                NormalizedName = Offer.Normalize(name),
                Type = type,
                Summary = summary,
                Description = description,
                Pricing = pricing,
                Price = price,
                Currency = currency,
                Status = status,
                CreatedUtc = created,
                CreatedBy = owner,
                UpdatedUtc = status == OfferStatus.Draft ? created : created.AddDays(2),
                UpdatedBy = owner,
                PublishedUtc = status == OfferStatus.Draft ? null : created.AddDays(1),
            };
        }

        Offer[] offers =
        [
            Make(PublishedOffer, OfferType.SaaS,
                "Automated, encrypted backup of Exchange Online, OneDrive, SharePoint and Teams with point-in-time restore.",
                "Contoso Backup protects Microsoft 365 data with daily automated backups kept for up to seven years.\nRestore a mailbox, a site or a single file in a few clicks; every restore is logged for compliance.",
                PricingModel.PerUserMonthly, 3.50m, "USD", OfferStatus.Published, 40),
            Make(DraftOffer, OfferType.ConsultingService,
                "A free one-hour briefing on moving your on-premises workloads to Azure, with next steps for your estate.",
                "An Azure architect reviews your servers and applications with you, explains the migration options and their costs, and sends a written summary of next steps.",
                PricingModel.Free, null, null, OfferStatus.Draft, 3),
            Make(UnpublishedOffer, OfferType.ManagedService,
                "Around-the-clock monitoring and response for Microsoft Defender and Sentinel.",
                "Contoso's security operations center watches your alerts 24/7, investigates incidents and responds within agreed times.",
                PricingModel.FlatMonthly, 450000m, "JPY", OfferStatus.Unpublished, 90),
        ];
        db.Offers.AddRange(offers);
        foreach (var offer in offers)
        {
            audit.Record(AuditEventType.OfferCreated, contoso, actorAccountId: owner, details: new { offerId = offer.Id, name = offer.Name, source = "demo" });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
