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

/// <summary>Body of <c>PUT /api/v1/orgs/{orgId}/security-policy</c>; both fields are required.</summary>
public sealed record SecurityPolicyRequest(string? MfaPolicy, bool? AllowSelfServicePasswordReset);

public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/orgs/{orgId:guid}", GetAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Organization))
            .WithName("GetOrganization")
            .WithSummary("The organization's profile: Partner ID, type, programs, domains and locations.");
        api.MapGet("/orgs/{orgId:guid}/security-policy", GetSecurityPolicyAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.OrganizationSecurity))
            .WithName("GetOrganizationSecurityPolicy")
            .WithSummary("The sign-in security policy: mfaPolicy (SensitiveCapabilities | Everyone), allowSelfServicePasswordReset, and how many active members have no MFA method yet.");
        api.MapPut("/orgs/{orgId:guid}/security-policy", SetSecurityPolicyAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.OrganizationSecurity))
            .WithName("SetOrganizationSecurityPolicy")
            .WithSummary("Sets mfaPolicy and allowSelfServicePasswordReset (both required; audited with old and new values). Applies at each member's next sign-in.");
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid orgId, AppDbContext db, CancellationToken cancellationToken)
    {
        var org = await ProfileAsync(db, orgId, cancellationToken);
        return org is null ? new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound) : TypedResults.Ok(org);
    }

    internal static async Task<IResult> GetSecurityPolicyAsync(Guid orgId, SecurityPolicyService policies, CancellationToken cancellationToken) =>
        await policies.GetAsync(orgId, cancellationToken) is { } policy
            ? TypedResults.Ok(policy)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    internal static async Task<IResult> SetSecurityPolicyAsync(
        Guid orgId, SecurityPolicyRequest? body, HttpContext http, SecurityPolicyService policies, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http);
        var mfaPolicy = MfaPolicy.SensitiveCapabilities;
        if (string.IsNullOrWhiteSpace(body?.MfaPolicy))
        {
            validate.Check(false, "mfaPolicy", FieldCodes.Required);
        }
        else
        {
            validate.Check(SecurityPolicyService.TryParseMfaPolicy(body.MfaPolicy, out mfaPolicy), "mfaPolicy", FieldCodes.InvalidValue);
        }

        validate.Check(body?.AllowSelfServicePasswordReset is not null, "allowSelfServicePasswordReset", FieldCodes.Required);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return await policies.SetAsync(orgId, mfaPolicy, body!.AllowSelfServicePasswordReset!.Value, cancellationToken) is { } change
            ? TypedResults.Ok(change.Policy)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
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
