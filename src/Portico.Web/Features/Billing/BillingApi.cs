using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Billing;

/// <summary>Billing API (SPEC §3): the organization's invoices (list, detail, CSV) and its billing profile.</summary>
public static class BillingApi
{
    public static IEndpointRouteBuilder MapBillingApi(this IEndpointRouteBuilder api)
    {
        var org = api.MapGroup("/orgs/{orgId:guid}").RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Billing));
        org.MapGet("/invoices", ListAsync).WithName("ListInvoices")
            .WithSummary("The organization's invoices, newest billing month first. Filters: status (Open, Paid, Overdue), period (yyyy-MM); page and pageSize (1–100).");
        org.MapGet("/invoices/{id:guid}", GetAsync).WithName("GetInvoice")
            .WithSummary("One invoice with its lines.");
        org.MapGet("/invoices/{id:guid}.csv", CsvAsync).WithName("DownloadInvoice")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The invoice's lines as CSV (UTF-8 with BOM; header in the caller's language; amounts in major units).");
        org.MapGet("/billing-profile", GetProfileAsync).WithName("GetBillingProfile")
            .WithSummary("The billing profile, or 404 billing_profile_not_found before anyone saved one.");
        org.MapPut("/billing-profile", PutProfileAsync).WithName("PutBillingProfile")
            .WithSummary("Creates or replaces the billing profile. Send the version read (null for a first save); a stale version answers 409 billing_profile_changed.");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, string? status, string? period, string? page, string? pageSize, HttpContext http, BillingService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        InvoiceStatus? parsedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            validate.Check(BillingService.TryParseStatus(status, out var s), "status", FieldCodes.InvalidValue);
            parsedStatus = s;
        }

        var month = string.IsNullOrEmpty(period) ? null : BillingService.ParsePeriod(period);
        validate.Check(string.IsNullOrEmpty(period) || month is not null, "period", FieldCodes.InvalidValue);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, BillingService.DefaultPageSize, 1, BillingService.MaxPageSize);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await service.ListAsync(orgId, parsedStatus, month, pageNumber, size, cancellationToken));
    }

    internal static async Task<IResult> GetAsync(Guid orgId, Guid id, BillingService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, id, cancellationToken) is { } invoice
            ? TypedResults.Ok(invoice)
            : new ApiProblem(StatusCodes.Status404NotFound, BillingErrors.InvoiceNotFound);

    internal static async Task<IResult> CsvAsync(
        Guid orgId, Guid id, BillingService service, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, id, cancellationToken) is { } invoice
            ? TypedResults.File(Statement(invoice, t), "text/csv; charset=utf-8", $"invoice-{invoice.Invoice.Number}.csv")
            : new ApiProblem(StatusCodes.Status404NotFound, BillingErrors.InvoiceNotFound);

    /// <summary>The invoice as CSV: one row per line, header in the current language, amounts as invariant major units.</summary>
    public static byte[] Statement(InvoiceDetail detail, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(t);
        var i = detail.Invoice;
        string[] columns = ["invoice", "period", "line", "description", "quantity", "unitPrice", "amount", "currency"];
        IEnumerable<IEnumerable<object?>> rows =
        [
            columns.Select(c => (object?)t["Billing.Field." + c].Value),
            .. detail.Lines.Select(l => new object?[]
            {
                i.Number, i.Period, new CsvNumber(l.Position.ToString(CultureInfo.InvariantCulture)), l.Description,
                new CsvNumber(l.Quantity.ToString(CultureInfo.InvariantCulture)),
                new CsvNumber(l.UnitPrice.ToString(CultureInfo.InvariantCulture)), new CsvNumber(l.Amount.ToString(CultureInfo.InvariantCulture)), i.Currency,
            }),
        ];
        return Csv.Encode(rows);
    }

    internal static async Task<IResult> GetProfileAsync(Guid orgId, BillingService service, CancellationToken cancellationToken) =>
        await service.ProfileAsync(orgId, cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : new ApiProblem(StatusCodes.Status404NotFound, BillingErrors.ProfileNotFound);

    internal static async Task<IResult> PutProfileAsync(
        Guid orgId, BillingProfileInput? request, HttpContext http, BillingService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.SaveProfileAsync(orgId, request, Validate.For(http), cancellationToken);
        return result.Succeeded ? TypedResults.Ok(await service.ProfileAsync(orgId, cancellationToken)) : result.ToProblem();
    }
}
