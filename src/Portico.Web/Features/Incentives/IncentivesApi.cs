using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Incentives;

public sealed record OpenDisputeRequest(string? Reason, string? Comment);

public sealed record DisputeCommentRequest(string? Comment);

/// <summary>Incentives API (SPEC §3): the organization's earnings statement within the caller's scope, its export, and disputes.</summary>
public static class IncentivesApi
{
    public static IEndpointRouteBuilder MapIncentivesApi(this IEndpointRouteBuilder api)
    {
        var policy = CapabilityPolicyProvider.For(Capabilities.Incentives);
        api.MapGet("/orgs/{orgId:guid}/earnings.csv", ExportAsync).RequireAuthorization(policy).WithName("ExportEarnings")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The filtered earnings statement as CSV (UTF-8 with BOM; header in the caller's language; amounts in major units with the currency).");
        var earnings = api.MapGroup("/orgs/{orgId:guid}/earnings").RequireAuthorization(policy);
        earnings.MapGet("", ListAsync).WithName("ListEarnings")
            .WithSummary("Earnings lines the caller may see, newest month first, each with the vendor's reference when it has one, with totals per currency and status. Filters: from and to (earning months, yyyy-MM), program, status (Estimated, Accrued, Paid, OnHold); page and pageSize (1–100).");
        earnings.MapGet("/{id:guid}", GetAsync).WithName("GetEarning")
            .WithSummary("One earnings line with its disputes and their comments, and the vendor's adjustments of it (adjustments: reason, note, old and new amount and status, when, and the partner program team member who made it), newest first.");
        earnings.MapPost("/{id:guid}/disputes", OpenDisputeAsync).WithName("OpenEarningDispute")
            .WithSummary("Opens a dispute on the line (Incentives admin of the line's location or organization): reason (AmountIncorrect, WrongPeriod, WrongLocation, PaymentNotReceived, HoldIncorrect, Other) and comment (up to 2000 characters). One open dispute per line; estimated lines cannot be disputed.");
        earnings.MapPost("/{id:guid}/disputes/{disputeId:guid}/comments", CommentAsync).WithName("CommentEarningDispute")
            .WithSummary("Adds a follow-up comment (up to 2000 characters) to an open dispute.");
        earnings.MapPost("/{id:guid}/disputes/{disputeId:guid}/withdraw", WithdrawAsync).WithName("WithdrawEarningDispute")
            .Accepts<DisputeCommentRequest>(isOptional: true, "application/json")
            .WithSummary("Withdraws an open dispute, with an optional comment.");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, string? from, string? to, string? program, string? status, string? page, string? pageSize, HttpContext http, EarningService service,
        CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var filter = EarningFilter.Parse(validate, from, to, program, status);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, EarningService.DefaultPageSize, 1, EarningService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await service.ListAsync(orgId, IncentivesScope.For(http.User, orgId), filter, pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> ExportAsync(
        Guid orgId, string? from, string? to, string? program, string? status, HttpContext http, EarningService service,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var filter = EarningFilter.Parse(validate, from, to, program, status);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var lines = await service.AllAsync(orgId, IncentivesScope.For(http.User, orgId), filter, cancellationToken);
        return TypedResults.File(Statement(lines, t), "text/csv; charset=utf-8", "earnings.csv");
    }

    /// <summary>The statement as CSV: header and status texts in the current language, amounts as invariant major units.</summary>
    public static byte[] Statement(IReadOnlyList<EarningView> lines, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(t);
        string[] columns = ["period", "program", "lever", "locationId", "status", "holdReason", "paidOn", "disputed", "amount", "currency", "reference"];
        IEnumerable<IEnumerable<object?>> rows =
        [
            columns.Select(c => (object?)t["Earnings.Field." + c].Value),
            .. lines.Select(e => new object?[]
            {
                e.Period, e.Program, e.Lever, e.LocationName ?? t["Earnings.NoLocation"].Value, t["EarningStatus." + e.Status].Value,
                e.HoldReason is { } hold ? t["HoldReason." + hold].Value : null,
                e.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                e.Disputed ? t["Earnings.Disputed"].Value : null,
                new CsvNumber(Money.Invariant(e.AmountMinor, e.Currency)), e.Currency, e.Reference,
            }),
        ];
        return Csv.Encode(rows);
    }

    internal static async Task<IResult> GetAsync(Guid orgId, Guid id, ClaimsPrincipal user, EarningService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, IncentivesScope.For(user, orgId), id, cancellationToken) is { } earning
            ? TypedResults.Ok(earning)
            : new ApiProblem(StatusCodes.Status404NotFound, IncentiveErrors.EarningNotFound);

    internal static async Task<IResult> OpenDisputeAsync(
        Guid orgId, Guid id, OpenDisputeRequest? request, ClaimsPrincipal user, EarningService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.OpenDisputeAsync(orgId, id, user, request.Reason, request.Comment, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/orgs/{orgId}/earnings/{id}", await DetailAsync(orgId, id, user, service, cancellationToken))
            : result.ToProblem();
    }

    internal static async Task<IResult> CommentAsync(
        Guid orgId, Guid id, Guid disputeId, DisputeCommentRequest? request, ClaimsPrincipal user, EarningService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.CommentAsync(orgId, id, disputeId, user, request.Comment, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(await DetailAsync(orgId, id, user, service, cancellationToken)) : result.ToProblem();
    }

    /// <remarks>Note: the body is optional here (a withdrawal needs no comment); an empty request withdraws.</remarks>
    internal static async Task<IResult> WithdrawAsync(
        Guid orgId, Guid id, Guid disputeId, HttpContext http, EarningService service, CancellationToken cancellationToken)
    {
        string? comment = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            DisputeCommentRequest? request;
            try
            {
                request = await http.Request.ReadFromJsonAsync<DisputeCommentRequest>(cancellationToken);
            }
            catch (System.Text.Json.JsonException)
            {
                return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
            }
            catch (InvalidOperationException)
            {
                return new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
            }

            if (request is null)
            {
                return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
            }

            comment = request.Comment;
        }

        var result = await service.WithdrawAsync(orgId, id, disputeId, http.User, comment, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(await DetailAsync(orgId, id, http.User, service, cancellationToken)) : result.ToProblem();
    }

    private static async Task<EarningDetail?> DetailAsync(Guid orgId, Guid id, ClaimsPrincipal user, EarningService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, IncentivesScope.For(user, orgId), id, cancellationToken);
}
