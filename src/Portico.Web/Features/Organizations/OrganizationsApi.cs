using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Organizations;

public sealed record LocationResponse(Guid Id, string PartnerId, string Name, string Country);

public sealed record OrganizationResponse(
    Guid Id,
    string PartnerId,
    string DisplayName,
    string Type,
    string Country,
    string VerificationStatus,
    IReadOnlyList<string> Programs,
    IReadOnlyList<string> Domains,
    IReadOnlyList<LocationResponse> Locations);

public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orgs/{orgId:guid}", GetAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Organization))
            .WithName("GetOrganization")
            .WithSummary("The organization's profile: Partner ID, type, programs, domains and locations.");
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid orgId, AppDbContext db, CancellationToken cancellationToken)
    {
        var org = await ProfileAsync(db, orgId, cancellationToken);
        return org is null ? new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound) : TypedResults.Ok(org);
    }

    /// <summary>The organization's profile as the API and the Organization page show it.</summary>
    public static Task<OrganizationResponse?> ProfileAsync(AppDbContext db, Guid orgId, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking()
            .Where(o => o.Id == orgId)
            .Select(o => new OrganizationResponse(
                o.Id, o.PartnerId, o.DisplayName, o.Type.ToString(), o.Country, o.VerificationStatus.ToString(),
                o.Programs.OrderBy(p => p.Program).Select(p => p.Program).ToList(),
                o.Domains.OrderBy(d => d.Domain).Select(d => d.Domain).ToList(),
                o.Locations.OrderBy(l => l.Name).Select(l => new LocationResponse(l.Id, l.PartnerId, l.Name, l.Country)).ToList()))
            .SingleOrDefaultAsync(cancellationToken);
}
