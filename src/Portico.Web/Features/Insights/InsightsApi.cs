using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Insights;

/// <summary>Insights API (SPEC §2–3): the organization's reports within the caller's scope, as JSON or CSV.</summary>
public static class InsightsApi
{
    public static IEndpointRouteBuilder MapInsightsApi(this IEndpointRouteBuilder api)
    {
        var insights = api.MapGroup("/orgs/{orgId:guid}/insights").RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Insights));
        insights.MapGet("/referrals", ReferralsAsync).WithName("GetReferralsReport")
            .WithSummary("Deals by status, by location and per month, and the win rate, over the period (90d, 12m, ytd); revenue per currency only for executive report viewers and Global admins.");
        insights.MapGet("/marketplace", MarketplaceAsync).WithName("GetMarketplaceReport")
            .WithSummary("Offers by status and type, and offers published per month, over the period; needs an organization-wide Insights role.");
        insights.MapGet("/{report}.csv", ExportAsync).WithName("ExportInsightsReport")
            .WithSummary("The referrals or marketplace report as CSV (UTF-8 with BOM, headed in the caller's language); audited.");
        return api;
    }

    internal static async Task<IResult> ReferralsAsync(Guid orgId, string? period, HttpContext http, InsightsService service, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Period(http, period, time) is not { } p)
        {
            return Invalid(http);
        }

        return TypedResults.Ok(await service.ReferralsAsync(orgId, InsightsScope.For(http.User, orgId), p, cancellationToken));
    }

    internal static async Task<IResult> MarketplaceAsync(Guid orgId, string? period, HttpContext http, InsightsService service, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Period(http, period, time) is not { } p)
        {
            return Invalid(http);
        }

        if (!InsightsScope.For(http.User, orgId).SeesOffers)
        {
            return new ApiProblem(StatusCodes.Status403Forbidden, InsightsErrors.OrganizationRoleRequired);
        }

        return TypedResults.Ok(await service.MarketplaceAsync(orgId, p, cancellationToken));
    }

    internal static async Task<IResult> ExportAsync(
        Guid orgId, string report, string? period, HttpContext http, InsightsService service, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!InsightsReports.All.Contains(report, StringComparer.Ordinal))
        {
            return new ApiProblem(StatusCodes.Status404NotFound, InsightsErrors.ReportNotFound);
        }

        if (Period(http, period, time) is not { } p)
        {
            return Invalid(http);
        }

        if (report == InsightsReports.Marketplace && !InsightsScope.For(http.User, orgId).SeesOffers)
        {
            return new ApiProblem(StatusCodes.Status403Forbidden, InsightsErrors.OrganizationRoleRequired);
        }

        var csv = await service.ExportAsync(orgId, http.User, report, p, cancellationToken);
        return TypedResults.File(csv, "text/csv; charset=utf-8", InsightsService.FileName(report, p));
    }

    private static InsightsPeriod? Period(HttpContext http, string? period, TimeProvider time) =>
        period is { Length: > 16 } ? null : InsightsPeriod.Parse(period, time.GetUtcNow().UtcDateTime);

    private static ApiProblem Invalid(HttpContext http) => Validate.For(http).Check(false, "period", FieldCodes.InvalidValue).ToProblem();
}
