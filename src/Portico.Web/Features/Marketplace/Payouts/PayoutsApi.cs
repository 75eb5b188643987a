using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace.Payouts;

/// <summary>Payouts API (SPEC §3, Marketplace): statements with totals and export, and the payout account (number only masked).</summary>
public static class PayoutsApi
{
    public static IEndpointRouteBuilder MapPayoutsApi(this IEndpointRouteBuilder api)
    {
        var policy = CapabilityPolicyProvider.For(Capabilities.Payouts);
        api.MapGet("/orgs/{orgId:guid}/payouts.csv", ExportAsync).RequireAuthorization(policy).WithName("ExportPayouts")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithSummary("The filtered payout statements as CSV (UTF-8 with BOM; header in the caller's language; amounts in major units).");
        api.MapGet("/orgs/{orgId:guid}/payouts", ListAsync).RequireAuthorization(policy).WithName("ListPayouts")
            .WithSummary("Payout statements, newest month first, with totals per currency. Filters: from and to (yyyy-MM), status (Pending, Sent, OnHold); page and pageSize (1–100).");
        api.MapGet("/orgs/{orgId:guid}/payout-account", GetAccountAsync).RequireAuthorization(policy).WithName("GetPayoutAccount")
            .WithSummary("The payout account with the account number masked to its last four characters; 404 payout_account_missing when none is set.");
        api.MapPut("/orgs/{orgId:guid}/payout-account", PutAccountAsync).RequireAuthorization(policy).WithName("PutPayoutAccount")
            .WithSummary("Sets the payout account: holderName (up to 100), bankCountry (ISO alpha-2), accountNumber (IBAN or account number, 5–34 letters and digits), currency, taxForm (NotSubmitted, Submitted), version (required once an account exists). Emails the organization's Owners and Global admins.");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, string? from, string? to, string? status, string? page, string? pageSize, HttpContext http, PayoutService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var filter = PayoutFilter.Parse(validate, from, to, status);
        var pageNumber = validate.Number("page", page, 1, 1, 100_000);
        var size = validate.Number("pageSize", pageSize, PayoutService.DefaultPageSize, 1, PayoutService.MaxPageSize);
        return validate.IsValid ? TypedResults.Ok(await service.ListAsync(orgId, filter, pageNumber, size, cancellationToken)) : validate.ToProblem();
    }

    internal static async Task<IResult> ExportAsync(
        Guid orgId, string? from, string? to, string? status, HttpContext http, PayoutService service, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var filter = PayoutFilter.Parse(validate, from, to, status);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.File(Statement(await service.AllAsync(orgId, filter, cancellationToken), t), "text/csv; charset=utf-8", "payouts.csv");
    }

    /// <summary>The statements as CSV: header and status texts in the current language, amounts as invariant major units.</summary>
    public static byte[] Statement(IReadOnlyList<PayoutView> rows, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(t);
        string[] columns = ["period", "offer", "status", "holdReason", "paidOn", "gross", "fee", "net", "currency"];
        IEnumerable<IEnumerable<object?>> lines =
        [
            columns.Select(c => (object?)t["Payouts.Field." + c].Value),
            .. rows.Select(p => new object?[]
            {
                p.Period, p.OfferName, t["PayoutStatus." + p.Status].Value, p.HoldReason is { } hold ? t["PayoutHold." + hold].Value : null,
                p.PaidOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                new CsvNumber(Money.Invariant(Minor(p.Gross, p.Currency), p.Currency)), new CsvNumber(Money.Invariant(Minor(p.Fee, p.Currency), p.Currency)),
                new CsvNumber(Money.Invariant(p.NetMinor, p.Currency)), p.Currency,
            }),
        ];
        return Csv.Encode(lines);
    }

    internal static async Task<IResult> GetAccountAsync(Guid orgId, PayoutService service, CancellationToken cancellationToken) =>
        await service.GetAccountAsync(orgId, cancellationToken) is { } account
            ? TypedResults.Ok(account)
            : new ApiProblem(StatusCodes.Status404NotFound, PayoutErrors.PayoutAccountMissing);

    internal static async Task<IResult> PutAccountAsync(Guid orgId, PayoutAccountRequest? request, HttpContext http, PayoutService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.SaveAccountAsync(orgId, http.User, request, cancellationToken);
        return !result.Succeeded ? result.ToProblem()
            : result.Status == StatusCodes.Status201Created ? TypedResults.Created($"/api/v1/orgs/{orgId}/payout-account", result.Account)
            : TypedResults.Ok(result.Account);
    }

    private static long Minor(decimal major, string currency) => Money.ToMinor(major, currency) ?? 0;
}
