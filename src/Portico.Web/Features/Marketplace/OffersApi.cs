using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Marketplace;

/// <param name="Name">Unique in the organization (case-insensitive), at most 100 characters.</param>
/// <param name="OfferType">SaaS, AzureApplication, ConsultingService or ManagedService.</param>
/// <param name="Summary">One line for search results, at most 200 characters.</param>
/// <param name="Description">The listing text, at most 3000 characters; line breaks allowed.</param>
/// <param name="PricingModel">Free, FlatMonthly or PerUserMonthly; price and currency only when not Free.</param>
/// <param name="Price">Per month, greater than 0 and at most 1,000,000; two decimals at most (none for JPY).</param>
/// <param name="Currency">USD, EUR, GBP or JPY.</param>
/// <param name="Version">On update: the version the client edited (409 offer_changed when another edit came first).</param>
public sealed record OfferRequest(
    string? Name, string? OfferType, string? Summary, string? Description, string? PricingModel, decimal? Price, string? Currency, Guid? Version = null)
{
    public OfferInput ToInput() => new(Name, OfferType, Summary, Description, PricingModel, Price, Currency);
}

/// <param name="Version">The version the client saw (409 offer_changed when the offer changed since).</param>
public sealed record OfferStatusRequest(Guid? Version);

public sealed record OffersResponse(Guid OrganizationId, IReadOnlyList<OfferView> Offers);

/// <summary>Marketplace offers API (SPEC §2–3, §10): the same service and rules as the Offers pages.</summary>
public static class OffersApi
{
    public static IEndpointRouteBuilder MapOffersApi(this IEndpointRouteBuilder api)
    {
        var offers = api.MapGroup("/orgs/{orgId:guid}/offers");
        offers.MapGet("", ListAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Offers))
            .WithName("ListOffers").WithSummary("The organization's marketplace offers, most recently changed first (status: Draft, Published or Unpublished).");
        offers.MapPost("", CreateAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Offers))
            .WithName("CreateOffer").WithSummary("Creates a draft offer; the name is unique in the organization (case-insensitive).");
        offers.MapGet("/{id:guid}", GetAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Offers))
            .WithName("GetOffer");
        offers.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Offers))
            .WithName("UpdateOffer").WithSummary("Replaces the offer's listing and pricing; a published offer stays published. Send version to detect concurrent edits (409).");
        offers.MapPost("/{id:guid}/publish", (Guid orgId, Guid id, OfferStatusRequest? request, HttpContext http, OfferService service, CancellationToken ct) =>
                SetPublishedAsync(orgId, id, true, request, http, service, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.OffersPublish))
            .WithName("PublishOffer").WithSummary("Publishes a draft or unpublished offer (needs offers.publish and a verified organization).");
        offers.MapPost("/{id:guid}/unpublish", (Guid orgId, Guid id, OfferStatusRequest? request, HttpContext http, OfferService service, CancellationToken ct) =>
                SetPublishedAsync(orgId, id, false, request, http, service, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.OffersPublish))
            .WithName("UnpublishOffer").WithSummary("Takes a published offer off the marketplace; it can be published again.");
        return api;
    }

    internal static async Task<IResult> ListAsync(Guid orgId, HttpContext http, OfferService service, string? status, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Check(status is null || Enum.GetNames<OfferStatus>().Contains(status), "status", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var filter = status is null ? (OfferStatus?)null : Enum.Parse<OfferStatus>(status);
        return TypedResults.Ok(new OffersResponse(orgId, await service.ListAsync(orgId, filter, cancellationToken)));
    }

    internal static async Task<IResult> GetAsync(Guid orgId, Guid id, OfferService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, id, cancellationToken) is { } offer
            ? TypedResults.Ok(offer)
            : new ApiProblem(StatusCodes.Status404NotFound, OfferErrors.OfferNotFound);

    internal static async Task<IResult> CreateAsync(Guid orgId, OfferRequest? request, HttpContext http, OfferService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.CreateAsync(orgId, http.User, request.ToInput(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/orgs/{orgId}/offers/{result.Offer!.Id}", result.Offer)
            : Problem(result);
    }

    internal static async Task<IResult> UpdateAsync(Guid orgId, Guid id, OfferRequest? request, HttpContext http, OfferService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.UpdateAsync(orgId, id, http.User, request.ToInput(), request.Version, cancellationToken);
        return await ResultAsync(orgId, id, result, service, cancellationToken);
    }

    internal static async Task<IResult> SetPublishedAsync(
        Guid orgId, Guid id, bool publish, OfferStatusRequest? request, HttpContext http, OfferService service, CancellationToken cancellationToken)
    {
        var result = await service.SetPublishedAsync(orgId, id, http.User, publish, request?.Version, cancellationToken);
        return await ResultAsync(orgId, id, result, service, cancellationToken);
    }

    private static async Task<IResult> ResultAsync(Guid orgId, Guid id, OfferResult result, OfferService service, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return TypedResults.Ok(result.Offer);
        }

        if (result.Error == OfferErrors.Changed)
        {
            // Note: the loser of a concurrent edit sees the current state, so nothing is silently lost.
            return new ApiProblem(StatusCodes.Status409Conflict, result.Error, extensions: new Dictionary<string, object?>
            {
                ["current"] = await service.GetAsync(orgId, id, cancellationToken),
            });
        }

        return Problem(result);
    }

    private static ApiProblem Problem(OfferResult result) =>
        result.Fields is { Count: > 0 } fields ? ApiProblem.Validation(fields) : new ApiProblem(result.Status, result.Error!);
}
