using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace;

/// <summary>Stable error codes of Marketplace offers; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class OfferErrors
{
    public const string OfferNotFound = "offer_not_found";
    public const string NameTaken = "offer_name_taken";
    public const string Changed = "offer_changed";
    public const string AlreadyPublished = "offer_already_published";
    public const string NotPublished = "offer_not_published";

    public static readonly IReadOnlyList<string> All = [OfferNotFound, NameTaken, Changed, AlreadyPublished, NotPublished];
}

/// <summary>The fields of an offer as a client sends them; enum values arrive as their names and are checked here.</summary>
public sealed record OfferInput(
    string? Name, string? OfferType, string? Summary, string? Description, string? PricingModel, decimal? Price, string? Currency);

/// <summary>An offer as the API and pages show it.</summary>
public sealed record OfferView(
    Guid Id, string Name, string OfferType, string Summary, string Description, string PricingModel, decimal? Price, string? Currency,
    string Status, DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, string? UpdatedBy, DateTime? PublishedAt, Guid Version);

/// <summary>The outcome of an offer command: the offer, or a stable error code with its HTTP status (and field errors).</summary>
public sealed record OfferResult(int Status, string? Error, OfferView? Offer, IReadOnlyList<FieldError>? Fields = null)
{
    public bool Succeeded => Error is null;

    public static OfferResult Fail(int status, string error) => new(status, error, null);
}

/// <summary>
/// Marketplace offers (SPEC §2–3): lists, creates and edits an organization's offers, and publishes or unpublishes them.
/// The capability policy (<c>offers</c>, or <c>offers.publish</c> with a verified organization) has already run for
/// the organization passed in; this class keeps every offer inside that organization and applies the status rules.
/// </summary>
/// <remarks>
/// Blocks cross-tenant reads and writes (an offer id of another organization is "not found", never revealed) and
/// silent overwrites (edits and status changes carry the offer's version). Every change is audited in the same
/// transaction; a refused request writes nothing.
/// </remarks>
public sealed class OfferService(AppDbContext db, AuditTrail audit, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    public async Task<IReadOnlyList<OfferView>> ListAsync(Guid orgId, OfferStatus? status, CancellationToken cancellationToken)
    {
        var offers = db.Offers.AsNoTracking().Where(o => o.OrganizationId == orgId);
        if (status is { } s)
        {
            offers = offers.Where(o => o.Status == s);
        }

        return await Project(offers.OrderByDescending(o => o.UpdatedUtc).ThenBy(o => o.Name)).ToListAsync(cancellationToken);
    }

    public async Task<OfferView?> GetAsync(Guid orgId, Guid offerId, CancellationToken cancellationToken) =>
        await Project(db.Offers.AsNoTracking().Where(o => o.OrganizationId == orgId && o.Id == offerId)).SingleOrDefaultAsync(cancellationToken);

    public async Task<OfferResult> CreateAsync(Guid orgId, ClaimsPrincipal actor, OfferInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var name = input.Name!.Trim();
        var normalized = Offer.Normalize(name);
        if (await db.Offers.AnyAsync(o => o.OrganizationId == orgId && o.NormalizedName == normalized, cancellationToken))
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, OfferErrors.NameTaken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var offer = new Offer
        {
            OrganizationId = orgId,
            Status = OfferStatus.Draft,
            CreatedUtc = now,
            CreatedBy = actor.AccountId(),
            UpdatedUtc = now,
            UpdatedBy = actor.AccountId(),
        };
        Apply(offer, input);
        db.Offers.Add(offer);
        audit.Record(AuditEventType.OfferCreated, targetOrganizationId: orgId,
            details: new { offerId = offer.Id, name = offer.Name, type = offer.Type.ToString(), pricing = offer.Pricing.ToString() });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new OfferResult(StatusCodes.Status201Created, null, await GetAsync(orgId, offer.Id, cancellationToken));
    }

    /// <param name="version">The version the client edited; null skips the check (API clients that do not send it).</param>
    public async Task<OfferResult> UpdateAsync(Guid orgId, Guid offerId, ClaimsPrincipal actor, OfferInput input, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var offer = await db.Offers.SingleOrDefaultAsync(o => o.OrganizationId == orgId && o.Id == offerId, cancellationToken);
        if (offer is null)
        {
            return OfferResult.Fail(StatusCodes.Status404NotFound, OfferErrors.OfferNotFound);
        }

        if (version is { } expected && expected != offer.Version)
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, OfferErrors.Changed);
        }

        var normalized = Offer.Normalize(input.Name!);
        if (normalized != offer.NormalizedName
            && await db.Offers.AnyAsync(o => o.OrganizationId == orgId && o.NormalizedName == normalized && o.Id != offerId, cancellationToken))
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, OfferErrors.NameTaken);
        }

        var before = Snapshot(offer);
        Apply(offer, input);
        var after = Snapshot(offer);
        var changed = before.Keys.Where(k => !Equals(before[k], after[k])).ToList();
        if (changed.Count == 0)
        {
            return new OfferResult(StatusCodes.Status200OK, null, await GetAsync(orgId, offerId, cancellationToken));
        }

        offer.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        offer.UpdatedBy = actor.AccountId();
        offer.Version = Guid.NewGuid();
        audit.Record(AuditEventType.OfferUpdated, targetOrganizationId: orgId,
            details: new { offerId = offer.Id, name = offer.Name, status = offer.Status.ToString(), changed });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new OfferResult(StatusCodes.Status200OK, null, await GetAsync(orgId, offerId, cancellationToken));
    }

    /// <summary>Publishes a draft or unpublished offer (true) or unpublishes a published one (false).</summary>
    public async Task<OfferResult> SetPublishedAsync(Guid orgId, Guid offerId, ClaimsPrincipal actor, bool publish, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var offer = await db.Offers.SingleOrDefaultAsync(o => o.OrganizationId == orgId && o.Id == offerId, cancellationToken);
        if (offer is null)
        {
            return OfferResult.Fail(StatusCodes.Status404NotFound, OfferErrors.OfferNotFound);
        }

        if (version is { } expected && expected != offer.Version)
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, OfferErrors.Changed);
        }

        if (publish == (offer.Status == OfferStatus.Published))
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, publish ? OfferErrors.AlreadyPublished : OfferErrors.NotPublished);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var previous = offer.Status;
        offer.Status = publish ? OfferStatus.Published : OfferStatus.Unpublished;
        offer.PublishedUtc = publish ? now : offer.PublishedUtc;
        offer.UpdatedUtc = now;
        offer.UpdatedBy = actor.AccountId();
        offer.Version = Guid.NewGuid();
        audit.Record(publish ? AuditEventType.OfferPublished : AuditEventType.OfferUnpublished, targetOrganizationId: orgId,
            details: new { offerId = offer.Id, name = offer.Name, from = previous.ToString() });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return OfferResult.Fail(StatusCodes.Status409Conflict, lost);
        }
        return new OfferResult(StatusCodes.Status200OK, null, await GetAsync(orgId, offerId, cancellationToken));
    }

    /// <summary>Field errors of <paramref name="input"/> (field names as the API spells them), or null when it is valid.</summary>
    public OfferResult? Check(OfferInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validate = new Validate(localizer)
            .Text("name", input.Name, Offer.NameMaxLength)
            .Text("offerType", input.OfferType, 32)
            .Text("summary", input.Summary, Offer.SummaryMaxLength)
            .Text("description", input.Description, Offer.DescriptionMaxLength, multiline: true)
            .Text("pricingModel", input.PricingModel, 32);
        validate.Check(input.OfferType is null || Enum.GetNames<OfferType>().Contains(input.OfferType), "offerType", FieldCodes.InvalidValue);
        var pricing = Enum.GetNames<PricingModel>().Contains(input.PricingModel) ? Enum.Parse<PricingModel>(input.PricingModel!) : (PricingModel?)null;
        validate.Check(input.PricingModel is null || pricing is not null, "pricingModel", FieldCodes.InvalidValue);
        if (pricing == PricingModel.Free)
        {
            validate.Check(input.Price is null, "price", FieldCodes.InvalidValue)
                .Check(input.Currency is null, "currency", FieldCodes.InvalidValue);
        }
        else if (pricing is not null)
        {
            validate.Check(input.Price is not null, "price", FieldCodes.Required)
                .Check(input.Price is null or (> 0 and <= Offer.MaxPrice), "price", FieldCodes.OutOfRange)
                .Check(input.Currency is not null, "currency", FieldCodes.Required)
                .Check(input.Currency is null || Offer.Currencies.Contains(input.Currency), "currency", FieldCodes.InvalidValue);

            // Note: yen has no minor unit; other currencies take cents.
            var decimals = input.Currency == "JPY" ? 0 : 2;
            validate.Check(input.Price is not { } price || decimal.Round(price, decimals) == price, "price", FieldCodes.InvalidValue);
        }

        return validate.IsValid ? null : new OfferResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);
    }

    private static void Apply(Offer offer, OfferInput input)
    {
        offer.Name = input.Name!.Trim();
        offer.NormalizedName = Offer.Normalize(input.Name!);
        offer.Type = Enum.Parse<OfferType>(input.OfferType!);
        offer.Summary = input.Summary!.Trim();
        offer.Description = input.Description!.Trim();
        offer.Pricing = Enum.Parse<PricingModel>(input.PricingModel!);
        offer.Price = offer.Pricing == PricingModel.Free ? null : input.Price;
        offer.Currency = offer.Pricing == PricingModel.Free ? null : input.Currency;
    }

    private static Dictionary<string, object?> Snapshot(Offer offer) => new()
    {
        ["name"] = offer.Name,
        ["offerType"] = offer.Type,
        ["summary"] = offer.Summary,
        ["description"] = offer.Description,
        ["pricingModel"] = offer.Pricing,
        ["price"] = offer.Price,
        ["currency"] = offer.Currency,
    };

    /// <summary>
    /// Saves the change and its audit record; on a lost race, the error: another edit saved first (version), or the
    /// unique name index refused a concurrent insert or rename to the same name. Any other failure propagates.
    /// </summary>
    private async Task<string?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: the change and its audit record were refused together; drop both from the unit of work.
            db.ChangeTracker.Clear();
            return OfferErrors.Changed;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation<Offer>(e, nameof(Offer.OrganizationId), nameof(Offer.NormalizedName)))
        {
            db.ChangeTracker.Clear();
            return OfferErrors.NameTaken;
        }
    }

    private IQueryable<OfferView> Project(IQueryable<Offer> offers) =>
        offers.Select(o => new OfferView(
            o.Id, o.Name, o.Type.ToString(), o.Summary, o.Description, o.Pricing.ToString(), o.Price, o.Currency, o.Status.ToString(),
            DateTime.SpecifyKind(o.CreatedUtc, DateTimeKind.Utc),
            db.Users.Where(u => u.Id == o.CreatedBy).Select(u => u.DisplayName).FirstOrDefault(),
            DateTime.SpecifyKind(o.UpdatedUtc, DateTimeKind.Utc),
            db.Users.Where(u => u.Id == o.UpdatedBy).Select(u => u.DisplayName).FirstOrDefault(),
            o.PublishedUtc == null ? null : DateTime.SpecifyKind(o.PublishedUtc.Value, DateTimeKind.Utc), o.Version));
}
