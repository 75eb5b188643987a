using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Access;

public sealed record CreateAccessRequest(Guid? OrgId, string? Role, string? Capability, string? Reason);

public sealed record DecideAccessRequest(string? Role);

public static class AccessRequestsApi
{
    public static IEndpointRouteBuilder MapAccessRequestsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/access-requests", CreateAsync).RequireAuthorization()
            .WithName("CreateAccessRequest").WithSummary("Asks the organization's grantors for a role or a capability; they are emailed.");
        var org = api.MapGroup("/orgs/{orgId:guid}/access-requests")
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Organization));
        org.MapGet("", ListAsync).WithName("ListAccessRequests")
            .WithSummary("Requests the caller may decide, and the caller's own.");
        org.MapPost("/{requestId:guid}/approve", (Guid orgId, Guid requestId, DecideAccessRequest? body, HttpContext http, AccessRequestService service, CancellationToken ct) =>
            DecideAsync(orgId, requestId, true, body, http, service, ct)).WithName("ApproveAccessRequest");
        org.MapPost("/{requestId:guid}/deny", (Guid orgId, Guid requestId, HttpContext http, AccessRequestService service, CancellationToken ct) =>
            DecideAsync(orgId, requestId, false, null, http, service, ct)).WithName("DenyAccessRequest");
        return api;
    }

    internal static async Task<IResult> CreateAsync(CreateAccessRequest? request, HttpContext http, AccessRequestService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http)
            .Check(request.OrgId is not null, "orgId", FieldCodes.Required)
            .Check((request.Role is null) != (request.Capability is null), "role", FieldCodes.InvalidValue)
            .Check(request.Role is null || AccessCatalog.IsRole(request.Role), "role", FieldCodes.InvalidValue)
            .Check(request.Capability is null || AccessCatalog.IsCapability(request.Capability), "capability", FieldCodes.InvalidValue)
            .Text("reason", request.Reason, AccessRequest.ReasonMaxLength, required: false);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.CreateAsync(http.User, request.OrgId!.Value, request.Role, request.Capability, request.Reason ?? "", cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/orgs/{request.OrgId}/access-requests/{result.Request!.Id}",
                AccessRequestService.View(result.Request, http.User.Identity?.Name ?? "", ""))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> ListAsync(Guid orgId, HttpContext http, AccessRequestService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ListAsync(http.User, orgId, cancellationToken));

    internal static async Task<IResult> DecideAsync(
        Guid orgId, Guid requestId, bool approve, DecideAccessRequest? body, HttpContext http, AccessRequestService service, CancellationToken cancellationToken)
    {
        if (body?.Role is { } role && !AccessCatalog.IsRole(role))
        {
            return Validate.For(http).Check(false, "role", FieldCodes.InvalidValue).ToProblem();
        }

        var result = await service.DecideAsync(http.User, orgId, requestId, approve, body?.Role, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(AccessRequestService.View(result.Request!, "", ""))
            : new ApiProblem(result.Status, result.Error!);
    }
}
