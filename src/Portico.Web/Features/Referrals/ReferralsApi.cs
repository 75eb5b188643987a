using System.Security.Claims;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Referrals;

public sealed record DealRequest(
    string? CustomerName, string? ContactName, string? ContactEmail, string? Description, decimal? Value, string? Currency,
    DateOnly? ExpectedCloseDate, Guid? OwnerId, Guid? LocationId, Guid? Version, string? SolutionArea = null);

public sealed record DealStatusRequest(string? Status, string? Reason, Guid? Version);

/// <summary>Referrals API (SPEC §3): the organization's deals within the caller's scope.</summary>
public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder api)
    {
        var deals = api.MapGroup("/orgs/{orgId:guid}/deals").RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Referrals));
        deals.MapGet("", ListAsync).WithName("ListDeals")
            .WithSummary("Deals the caller may see (own deals; all deals, or a location's, for a Referrals admin), newest first; status filter, page and pageSize (1–100).");
        deals.MapPost("", CreateAsync).WithName("CreateDeal")
            .WithSummary("Creates a deal in status New; a Referrals user owns what they create, an admin may name another owner.");
        deals.MapGet("/{id:guid}", GetAsync).WithName("GetDeal");
        deals.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateDeal")
            .WithSummary("Replaces the deal's fields; needs the version last read. Closed (Won or Lost) deals do not change.");
        deals.MapPost("/{id:guid}/status", ChangeStatusAsync).WithName("ChangeDealStatus")
            .WithSummary("Moves the deal New → Active → Won or Lost, or declines a New deal (New → Declined); Lost and Declined need a reason (lostReason).");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, string? status, string? page, string? pageSize, HttpContext http, DealService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        DealStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            validate.Check(DealService.TryParseStatus(status, out var parsed), "status", FieldCodes.InvalidValue);
            filter = parsed;
        }

        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, DealService.DefaultPageSize, 1, DealService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await service.ListAsync(orgId, ReferralsScope.For(http.User, orgId), filter, pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> GetAsync(Guid orgId, Guid id, ClaimsPrincipal user, DealService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, ReferralsScope.For(user, orgId), id, cancellationToken) is { } deal
            ? TypedResults.Ok(deal)
            : new ApiProblem(StatusCodes.Status404NotFound, DealErrors.DealNotFound);

    internal static async Task<IResult> CreateAsync(Guid orgId, DealRequest? request, ClaimsPrincipal user, DealService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.CreateAsync(orgId, user, Input(request), cancellationToken);
        if (!result.Succeeded)
        {
            return result.ToProblem();
        }

        var view = (await service.ViewsAsync([result.Deal!], cancellationToken))[0];
        return TypedResults.Created($"/api/v1/orgs/{orgId}/deals/{view.Id}", view);
    }

    internal static async Task<IResult> UpdateAsync(
        Guid orgId, Guid id, DealRequest? request, ClaimsPrincipal user, DealService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.UpdateAsync(orgId, id, user, Input(request), cancellationToken);
        return result.Succeeded ? TypedResults.Ok((await service.ViewsAsync([result.Deal!], cancellationToken))[0]) : result.ToProblem();
    }

    internal static async Task<IResult> ChangeStatusAsync(
        Guid orgId, Guid id, DealStatusRequest? request, ClaimsPrincipal user, DealService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.ChangeStatusAsync(orgId, id, user, request.Status, request.Reason, request.Version, cancellationToken);
        return result.Succeeded ? TypedResults.Ok((await service.ViewsAsync([result.Deal!], cancellationToken))[0]) : result.ToProblem();
    }

    private static DealInput Input(DealRequest r) =>
        new(r.CustomerName, r.ContactName, r.ContactEmail, r.Description, r.Value, r.Currency, r.ExpectedCloseDate, r.OwnerId, r.LocationId, r.Version, r.SolutionArea);
}
