using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Operator.Incentives;

public sealed record VendorReplyRequest(string? Comment, Guid? Version);

public sealed record ResolveDisputeRequest(string? Outcome, decimal? Amount, string? Message, Guid? Version);

public sealed record AdjustEarningRequest(
    decimal? Amount, string? Status, string? PaidOn, string? HoldReason, string? Currency, string? Reason, string? Note, Guid? Version);

/// <summary>
/// The vendor's side of Incentives under <c>/operator/incentives</c> (operator capability <c>operator.incentives</c>,
/// held by OperatorAdmin; partners never reach it): the dispute queue, replies, resolutions, the earnings import, and
/// finding and adjusting single earnings lines.
/// </summary>
public static class OperatorIncentivesApi
{
    public const string StatusAny = "any";

    public static IEndpointRouteBuilder MapOperatorIncentivesApi(this IEndpointRouteBuilder api)
    {
        var desk = api.MapGroup("/operator/incentives").RequireAuthorization(CapabilityPolicyProvider.For(OperatorCapabilities.Incentives));
        desk.MapGet("/disputes", QueueAsync).WithName("IncentiveDisputeQueue")
            .WithSummary("Earnings disputes across all organizations, oldest first, each with its organization, line, reason and comments. Filters: status (Open by default; Withdrawn, Resolved, or any), org (organization name or Partner ID); page and pageSize (1–100).");
        desk.MapGet("/disputes/{id:guid}", GetAsync).WithName("GetIncentiveDispute")
            .WithSummary("One dispute with its thread, its version (for resolve) and any resolution.");
        desk.MapPost("/disputes/{id:guid}/comments", ReplyAsync).WithName("ReplyToIncentiveDispute")
            .WithSummary("Adds the vendor's reply (comment, up to 2000 characters) to an open dispute; the partner sees it marked as from the vendor and its Incentives admins and the opener are emailed. version is optional: when given, a dispute changed since answers 409.");
        desk.MapPost("/disputes/{id:guid}/resolve", ResolveAsync).WithName("ResolveIncentiveDispute")
            .WithSummary("Resolves an open dispute: outcome Upheld with amount (the line's new amount in major units of its currency) or Rejected with message (up to 2000 characters; optional when upheld); version (from GET) is required, a dispute changed since answers 409.");
        // Note: the text/csv body is described by a transformer, not Accepts<string>("text/csv") metadata: that would make
        // routing answer 415 before authorization, so a caller without the capability could learn the route exists.
        desk.MapPost("/earnings/import", ImportAsync).WithName("ImportEarnings")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["text/csv"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } },
                    },
                };
                return Task.CompletedTask;
            })
            .WithSummary("Records earnings lines from a CSV body (Content-Type text/csv, UTF-8, RFC 4180, header row, at most 5,000 rows and 2 MB). Columns: partnerId, locationPartnerId (optional), program, lever, period (yyyy-MM), amount (major units, e.g. -1234.50), currency, status (Estimated, Accrued, Paid, OnHold), paidOn (yyyy-MM-dd, with Paid), holdReason (with OnHold) and reference (optional: the vendor's id of the line, 1–64 letters, digits and -_.:/). A reference the organization already has updates that line (Paid lines are final, an open dispute keeps the amount, status moves forward only); other rows add lines; rows that change nothing count as unchanged. All or nothing: any bad row answers 400 earnings_import_invalid with rows [{row, column, code, message}] and writes nothing; a file imported before answers 409 earnings_import_already_imported naming when and by whom. dryRun=true checks and counts without writing; fileName names the file in the import history. Answers importId, lines, added, updated, unchanged and per organization the same counts with totals per currency.");
        desk.MapGet("/earnings", FindEarningsAsync).WithName("FindDeskEarnings")
            .WithSummary("Earnings lines across all organizations, newest month first, each with its organization, whether it is disputed and how many adjustments it has. Filters: org (organization name or Partner ID), reference (the vendor's reference, exact); page and pageSize (1–100).");
        desk.MapGet("/earnings/{id:guid}", GetEarningAsync).WithName("GetDeskEarning")
            .WithSummary("One earnings line with its organization, its version (for an adjustment), any open dispute and its adjustments, newest first (who, when, reason, note, old and new amount and status).");
        desk.MapPost("/earnings/{id:guid}/adjustments", AdjustEarningAsync).WithName("AdjustEarning")
            .WithSummary("Corrects the line by hand: amount (new amount in major units of the line's currency) and/or status (Estimated, Accrued, Paid, OnHold; forward only, as in the import; paidOn yyyy-MM-dd required when moving to Paid, holdReason when moving to OnHold); reason (CalculationError, PayoutFailed, DuplicateLine, PolicyException, Other) is required, note (up to 1000 characters, shown to the partner) is required with Other; version (from GET) is required; currency is optional and must be the line's. Answers 201 with the line and its history. Refusals write nothing: 400 validation_failed, earning_currency_changed or earning_adjustment_no_change; 409 earning_changed (stale version), earning_status_backwards, earning_paid (Paid lines are final) or earning_disputed (an open dispute: resolve it instead). The partner's Incentives admins are emailed and see the adjustment on the line.");
        desk.MapGet("/imports", HistoryAsync).WithName("ListEarningImports")
            .WithSummary("The recorded earnings imports, newest first: when, who, file name, SHA-256, rows, organizations and lines added, updated and unchanged; page and pageSize (1–100, 20 by default).");
        return api;
    }

    /// <summary>Reads the status filter: a status name, <see cref="StatusAny"/> (null), or absent (Open).</summary>
    public static bool TryParseStatus(string? value, out DisputeStatus? status)
    {
        status = DisputeStatus.Open;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (string.Equals(value, StatusAny, StringComparison.Ordinal))
        {
            status = null;
            return true;
        }

        var ok = EarningService.TryParseName(value, out DisputeStatus parsed);
        status = ok ? parsed : DisputeStatus.Open;
        return ok;
    }

    internal static async Task<IResult> QueueAsync(
        string? status, string? org, string? page, string? pageSize, HttpContext http, DisputeDeskService desk, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Check(TryParseStatus(status, out var parsed), "status", FieldCodes.InvalidValue)
            .Text("org", org, DisputeDeskService.OrganizationFilterMaxLength, required: false);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, DisputeDeskService.DefaultPageSize, 1, DisputeDeskService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await desk.QueueAsync(parsed, org, pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> GetAsync(Guid id, DisputeDeskService desk, CancellationToken cancellationToken) =>
        await desk.GetAsync(id, cancellationToken) is { } dispute
            ? TypedResults.Ok(dispute)
            : new ApiProblem(StatusCodes.Status404NotFound, IncentiveErrors.DisputeNotFound);

    internal static async Task<IResult> ReplyAsync(Guid id, VendorReplyRequest? request, HttpContext http, DisputeDeskService desk, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await desk.ReplyAsync(http.User, id, request.Comment, request.Version, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(await desk.GetAsync(id, cancellationToken)) : result.ToProblem();
    }

    internal static async Task<IResult> ResolveAsync(Guid id, ResolveDisputeRequest? request, HttpContext http, DisputeDeskService desk, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await desk.ResolveAsync(http.User, id, request.Outcome, request.Amount, request.Message, request.Version, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(await desk.GetAsync(id, cancellationToken)) : result.ToProblem();
    }

    /// <remarks>Note: the body is read whole (the body limit caps it at <see cref="EarningImportService.MaxBytes"/>) because every row is checked before any is written.</remarks>
    internal static async Task<IResult> ImportAsync(
        string? dryRun, string? fileName, HttpContext http, EarningImportService import, CancellationToken cancellationToken)
    {
        var type = http.Request.ContentType;
        if (type is null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
            || !media.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
            || (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        }

        var validate = Validate.For(http)
            .Check(dryRun is null or "true" or "false", "dryRun", FieldCodes.InvalidValue)
            .Text("fileName", fileName, EarningImport.FileNameMaxLength, required: false);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, cancellationToken);
        return (await import.ImportAsync(buffer.ToArray(), fileName, dryRun == "true", http.User, cancellationToken)).ToResult();
    }

    internal static async Task<IResult> HistoryAsync(string? page, string? pageSize, HttpContext http, EarningImportService import, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, EarningImportService.HistoryDefaultPageSize, 1, EarningImportService.HistoryMaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await import.HistoryAsync(pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> FindEarningsAsync(
        string? org, string? reference, string? page, string? pageSize, HttpContext http, EarningDeskService desk, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Text("org", org, DisputeDeskService.OrganizationFilterMaxLength, required: false)
            .Text("reference", reference, EarningLine.ReferenceMaxLength, required: false);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, EarningDeskService.DefaultPageSize, 1, EarningDeskService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await desk.FindAsync(org, reference, pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> GetEarningAsync(Guid id, EarningDeskService desk, CancellationToken cancellationToken) =>
        await desk.GetAsync(id, cancellationToken) is { } line
            ? TypedResults.Ok(line)
            : new ApiProblem(StatusCodes.Status404NotFound, IncentiveErrors.EarningNotFound);

    internal static async Task<IResult> AdjustEarningAsync(Guid id, AdjustEarningRequest? request, HttpContext http, EarningDeskService desk, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var input = new EarningAdjustmentInput(
            request.Amount, request.Status, request.PaidOn, request.HoldReason, request.Currency, request.Reason, request.Note, request.Version);
        var result = await desk.AdjustAsync(http.User, id, input, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/operator/incentives/earnings/{id}", await desk.GetAsync(id, cancellationToken))
            : result.ToProblem();
    }
}
