using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Benefits;

/// <summary>One benefit of one enrolled program: entitlement, use and what is left.</summary>
public sealed record BenefitView(string Benefit, string Program, string Unit, int Quantity, int Used, int Remaining);

public sealed record BenefitsResponse(Guid OrganizationId, IReadOnlyList<BenefitView> Benefits);

public static class BenefitsApi
{
    public static IEndpointRouteBuilder MapBenefitsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orgs/{orgId:guid}/benefits", GetAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Benefits))
            .WithName("GetBenefits")
            .WithSummary("The organization's program benefits (needs a verified organization): quantity, used and remaining per benefit.");
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid orgId, AppDbContext db, CancellationToken cancellationToken) =>
        await ListAsync(db, orgId, cancellationToken) is { } list
            ? TypedResults.Ok(new BenefitsResponse(orgId, list))
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    /// <summary>The benefits of every program the organization is enrolled in, in catalog order.</summary>
    public static async Task<IReadOnlyList<BenefitView>?> ListAsync(AppDbContext db, Guid orgId, CancellationToken cancellationToken)
    {
        var programs = await db.ProgramEnrollments.AsNoTracking().Where(p => p.OrganizationId == orgId).Select(p => p.Program).ToListAsync(cancellationToken);
        if (programs.Count == 0 && !await db.Organizations.AnyAsync(o => o.Id == orgId, cancellationToken))
        {
            return null;
        }

        var rows = await db.OrganizationBenefits.AsNoTracking().Where(b => b.OrganizationId == orgId).ToDictionaryAsync(b => b.Benefit, cancellationToken);
        return BenefitCatalog.All
            .Where(b => programs.Contains(b.Program))
            .Select(b =>
            {
                var quantity = rows.TryGetValue(b.Id, out var row) ? row.Quantity : b.Quantity;
                var used = row?.Used ?? 0;
                return new BenefitView(b.Id, b.Program, b.Unit, quantity, used, Math.Max(0, quantity - used));
            })
            .ToList();
    }
}
