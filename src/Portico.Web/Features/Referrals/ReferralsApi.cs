using System.Security.Claims;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Referrals;

public sealed record DealRequest(
    string? CustomerName, string? ContactName, string? ContactEmail, string? Description, decimal? Value, string? Currency,
    DateOnly? ExpectedCloseDate, Guid? OwnerId, Guid? LocationId, Guid? Version, string? SolutionArea = null);

/// <param name="Status">New status: Active, Won, Lost or Declined (from New: Active or Declined; from Active: Won or Lost).</param>
/// <param name="CloseReason">With Lost or Declined (required): a reason code. Declined: not_a_fit, customer_not_interested, duplicate,
/// insufficient_information, outside_our_region, other. Lost: lost_to_competitor, no_budget, no_decision, customer_unresponsive, timing,
/// other. A code of the other move answers 400 close_reason_not_for_status.</param>
/// <param name="Note">Optional text (at most 500 characters, line breaks allowed) going with the reason; required with other.</param>
/// <param name="Version">The version last read; when given and another change came first, 409 deal_changed.</param>
/// <param name="Reason">Deprecated: the free-text reason of earlier clients. With Lost or Declined and no closeReason it is stored as the
/// note of reason other.</param>
public sealed record DealStatusRequest(string? Status, string? Reason, Guid? Version, string? CloseReason = null, string? Note = null);

/// <summary>Referrals API (SPEC §3): the organization's deals within the caller's scope.</summary>
public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder api)
    {
        var deals = api.MapGroup("/orgs/{orgId:guid}/deals").RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Referrals));
        deals.MapGet("", ListAsync).WithName("ListDeals")
            .WithSummary("Deals the caller may see (own deals; all deals, or a location's, for a Referrals admin), newest first; filters status, "
                + "reason (a close reason code; other includes deals closed before reasons were codes), closedWithin (30, 90, 180 or 365 days) "
                + "or closedFrom and closedTo (yyyy-MM-dd, UTC days, both included; closedTo defaults to today); page and pageSize (1–100).");
        deals.MapPost("", CreateAsync).WithName("CreateDeal")
            .WithSummary("Creates a deal in status New; a Referrals user owns what they create, an admin may name another owner.");
        deals.MapGet("/close-summary", CloseSummaryAsync).WithName("GetDealCloseSummary")
            .WithSummary("Why deals close: Won, Lost and Declined counts and values per currency of the deals the caller may see that closed in "
                + "the last period days (30, 90, 180 or 365; default 90) or from from to to (yyyy-MM-dd, UTC days, both included, at most 5 years, "
                + "not after today; to defaults to today), the Lost and Declined counts and values by close reason, and the win rate "
                + "(won ÷ (won + lost)) by count and, per currency, by value.");
        deals.MapGet("/close-summary.csv", ExportCloseSummaryAsync).WithName("ExportDealCloseSummary")
            .WithSummary("The close summary as CSV (UTF-8 with a byte order mark), same period parameters and scope; the export is audited.");
        deals.MapGet("/{id:guid}", GetAsync).WithName("GetDeal");
        deals.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateDeal")
            .WithSummary("Replaces the deal's fields; needs the version last read. Closed (Won or Lost) deals do not change.");
        deals.MapPost("/{id:guid}/status", ChangeStatusAsync).WithName("ChangeDealStatus")
            .WithSummary("Moves the deal New → Active → Won or Lost, or declines a New deal (New → Declined); Lost and Declined need a closeReason code of that move, with an optional note (required with other).");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, string? status, string? reason, string? closedWithin, string? closedFrom, string? closedTo, string? page, string? pageSize,
        HttpContext http, DealService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        DealStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            validate.Check(DealService.TryParseStatus(status, out var parsed), "status", FieldCodes.InvalidValue);
            filter = parsed;
        }

        validate.Check(string.IsNullOrEmpty(reason) || DealCloseReasons.IsKnown(reason), "reason", FieldCodes.InvalidValue);
        var days = Period(validate, "closedWithin", closedWithin, null);

        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, DealService.DefaultPageSize, 1, DealService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var range = Range(http, service, closedWithin, "closedWithin", closedFrom, closedTo, "closedFrom", "closedTo");
        if (!range.Succeeded)
        {
            return range.ToProblem();
        }

        var closed = range.Period ?? (days is { } d ? service.LastDays(d) : null);
        return TypedResults.Ok(await service.ListAsync(
            orgId, ReferralsScope.For(http.User, orgId), filter, pageNumber, size, cancellationToken, string.IsNullOrEmpty(reason) ? null : reason, closed));
    }

    internal static async Task<IResult> CloseSummaryAsync(
        Guid orgId, string? period, string? from, string? to, HttpContext http, DealService service, CancellationToken cancellationToken)
    {
        var read = SummaryPeriod(http, service, period, from, to);
        return read.Period is { } p
            ? TypedResults.Ok(await service.CloseSummaryAsync(orgId, ReferralsScope.For(http.User, orgId), p, cancellationToken))
            : read.ToProblem();
    }

    internal static async Task<IResult> ExportCloseSummaryAsync(
        Guid orgId, string? period, string? from, string? to, HttpContext http, DealService service, CancellationToken cancellationToken)
    {
        var read = SummaryPeriod(http, service, period, from, to);
        if (read.Period is not { } p)
        {
            return read.ToProblem();
        }

        var csv = await service.ExportCloseSummaryAsync(orgId, http.User, p, cancellationToken);
        return TypedResults.File(csv, "text/csv; charset=utf-8", service.CloseSummaryFileName(p));
    }

    /// <summary>The summary's period: a custom range (from, to), else one of <see cref="DealService.PeriodDays"/> (default 90).</summary>
    private static DealPeriodResult SummaryPeriod(HttpContext http, DealService service, string? period, string? from, string? to)
    {
        var validate = Validate.For(http);
        var days = Period(validate, "period", period, DealService.DefaultPeriodDays);
        if (!validate.IsValid)
        {
            return new DealPeriodResult(null, ErrorCodes.ValidationFailed, validate.Errors);
        }

        var range = Range(http, service, period, "period", from, to, "from", "to");
        return range.Succeeded ? range with { Period = range.Period ?? service.LastDays(days!.Value) } : range;
    }

    /// <summary>A custom range from the query string; with a fixed period given as well, 400 <see cref="DealErrors.PeriodConflict"/>.</summary>
    private static DealPeriodResult Range(
        HttpContext http, DealService service, string? fixedPeriod, string fixedField, string? from, string? to, string fromField, string toField)
    {
        var localizer = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource>>();
        var range = DealClosePeriod.ParseRange(from, to, fromField, toField, service.Today(), localizer);
        if (range.Succeeded && range.Period is not null && !string.IsNullOrEmpty(fixedPeriod))
        {
            return new DealPeriodResult(null, DealErrors.PeriodConflict,
                [new FieldError(fixedField, DealErrors.PeriodConflict, localizer["Error." + DealErrors.PeriodConflict].Value)]);
        }

        return range;
    }

    /// <summary>One of <see cref="DealService.PeriodDays"/> from the query string; absent gives <paramref name="fallback"/>.</summary>
    private static int? Period(Validate validate, string field, string? value, int? fallback)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        var days = validate.Number(field, value, 0, 1, 365);
        validate.Check(days == 0 || DealService.PeriodDays.Contains(days), field, FieldCodes.InvalidValue);
        return DealService.PeriodDays.Contains(days) ? days : fallback;
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

        var change = new DealStatusChange(request.Status, request.CloseReason, request.Note, request.Version, request.Reason);
        var result = await service.ChangeStatusAsync(orgId, id, user, change, cancellationToken);
        return result.Succeeded ? TypedResults.Ok((await service.ViewsAsync([result.Deal!], cancellationToken))[0]) : result.ToProblem();
    }

    private static DealInput Input(DealRequest r) =>
        new(r.CustomerName, r.ContactName, r.ContactEmail, r.Description, r.Value, r.Currency, r.ExpectedCloseDate, r.OwnerId, r.LocationId, r.Version, r.SolutionArea);
}
