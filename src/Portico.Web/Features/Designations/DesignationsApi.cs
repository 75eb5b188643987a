using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Designations;

/// <param name="AccountId">A work account of the organization (not blocked).</param>
/// <param name="Certification">A certification id of the catalog (see <c>catalog</c> in the list response).</param>
/// <param name="EarnedOn">Not in the future, at most 10 years ago.</param>
/// <param name="ExpiresOn">The last valid day: after <c>earnedOn</c>, at most 5 years after it.</param>
/// <param name="Version">On update: the version last read (required; 409 certification_changed when another edit came first).</param>
public sealed record CertificationRequest(Guid? AccountId, string? Certification, DateOnly? EarnedOn, DateOnly? ExpiresOn, Guid? Version = null)
{
    public CertificationInput ToInput() => new(AccountId, Certification, EarnedOn, ExpiresOn, Version);
}

/// <param name="CustomerName">At most 200 characters.</param>
/// <param name="SolutionArea">DataAI, Infrastructure, DigitalAppInnovation, BusinessApplications, ModernWork or Security.</param>
/// <param name="GoLiveOn">Not in the future, at most 10 years ago; deployments live within the last 12 months count.</param>
/// <param name="Seats">1 to 1,000,000.</param>
/// <param name="Workloads">Optional, at most 200 characters.</param>
/// <param name="Version">On update: the version last read (required; 409 deployment_changed when another edit came first).</param>
public sealed record DeploymentRequest(string? CustomerName, string? SolutionArea, DateOnly? GoLiveOn, int? Seats, string? Workloads, Guid? Version = null)
{
    public DeploymentInput ToInput() => new(CustomerName, SolutionArea, GoLiveOn, Seats, Workloads, Version);
}

public sealed record CertificationsResponse(Guid OrganizationId, IReadOnlyList<CertificationView> Certifications, IReadOnlyList<CertificationDefinition> Catalog);

public sealed record DeploymentsResponse(Guid OrganizationId, IReadOnlyList<DeploymentView> Deployments);

/// <summary>Designations API (SPEC §2–3, §10): the same services and rules as the Designations pages.</summary>
public static class DesignationsApi
{
    public static IEndpointRouteBuilder MapDesignationsApi(this IEndpointRouteBuilder api)
    {
        var policy = CapabilityPolicyProvider.For(Capabilities.Designations);
        var org = api.MapGroup("/orgs/{orgId:guid}").RequireAuthorization(policy);
        org.MapGet("/designations", async (Guid orgId, DesignationService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(orgId, ct)))
            .WithName("ListDesignations")
            .WithSummary("Every solution area's designation status and partner capability score (performance, skilling, customer success; 70 of 100 with a point in each to meet).");
        org.MapPost("/designations/{solutionArea}/apply", ApplyAsync).WithName("ApplyForDesignation")
            .WithSummary("Earns the area's designation (or renews it after its anniversary) when its score is met; 409 designation_not_met lists the missing points.");

        org.MapGet("/certifications", async (Guid orgId, DesignationRecordService service, CancellationToken ct) =>
                TypedResults.Ok(new CertificationsResponse(orgId, await service.CertificationsAsync(orgId, ct), SolutionAreas.Certifications)))
            .WithName("ListCertifications").WithSummary("Certifications held by the organization's people, with the catalog of certifications per solution area.");
        org.MapPost("/certifications", async (Guid orgId, CertificationRequest? request, DesignationRecordService service, CancellationToken ct) =>
                request is null ? ApiProblem.BadRequest(ErrorCodes.MalformedRequest) : Created(orgId, "certifications", await service.CreateCertificationAsync(orgId, request.ToInput(), ct), c => c.Id))
            .WithName("CreateCertification");
        org.MapPut("/certifications/{id:guid}", async (Guid orgId, Guid id, CertificationRequest? request, DesignationRecordService service, CancellationToken ct) =>
                request is null ? ApiProblem.BadRequest(ErrorCodes.MalformedRequest) : Answer(await service.UpdateCertificationAsync(orgId, id, request.ToInput(), ct)))
            .WithName("UpdateCertification").WithSummary("Replaces the certification's person, certification and dates; needs the version last read.");
        org.MapDelete("/certifications/{id:guid}", async (Guid orgId, Guid id, string? version, HttpContext http, DesignationRecordService service, CancellationToken ct) =>
                ParseVersion(http, version, out var v) is { } bad ? bad : Deleted(await service.DeleteCertificationAsync(orgId, id, v, ct)))
            .WithName("DeleteCertification").WithSummary("Deletes the certification; send ?version= to refuse (409) when it changed since it was read.");

        org.MapGet("/deployments", async (Guid orgId, DesignationRecordService service, CancellationToken ct) =>
                TypedResults.Ok(new DeploymentsResponse(orgId, await service.DeploymentsAsync(orgId, ct))))
            .WithName("ListDeployments").WithSummary("Customer deployments the organization recorded, latest go-live first.");
        org.MapPost("/deployments", async (Guid orgId, DeploymentRequest? request, DesignationRecordService service, CancellationToken ct) =>
                request is null ? ApiProblem.BadRequest(ErrorCodes.MalformedRequest) : Created(orgId, "deployments", await service.CreateDeploymentAsync(orgId, request.ToInput(), ct), d => d.Id))
            .WithName("CreateDeployment");
        org.MapPut("/deployments/{id:guid}", async (Guid orgId, Guid id, DeploymentRequest? request, DesignationRecordService service, CancellationToken ct) =>
                request is null ? ApiProblem.BadRequest(ErrorCodes.MalformedRequest) : Answer(await service.UpdateDeploymentAsync(orgId, id, request.ToInput(), ct)))
            .WithName("UpdateDeployment").WithSummary("Replaces the deployment's fields; needs the version last read.");
        org.MapDelete("/deployments/{id:guid}", async (Guid orgId, Guid id, string? version, HttpContext http, DesignationRecordService service, CancellationToken ct) =>
                ParseVersion(http, version, out var v) is { } bad ? bad : Deleted(await service.DeleteDeploymentAsync(orgId, id, v, ct)))
            .WithName("DeleteDeployment").WithSummary("Deletes the deployment; send ?version= to refuse (409) when it changed since it was read.");
        return api;
    }

    internal static async Task<IResult> ApplyAsync(Guid orgId, string solutionArea, HttpContext http, DesignationService service, CancellationToken cancellationToken)
    {
        var result = await service.ApplyAsync(orgId, solutionArea, http.User, cancellationToken);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static IResult Created<T>(Guid orgId, string collection, DesignationResult<T> result, Func<T, Guid> id) =>
        result.Succeeded ? TypedResults.Created($"/api/v1/orgs/{orgId}/{collection}/{id(result.Value!)}", result.Value) : result.ToProblem();

    private static IResult Answer<T>(DesignationResult<T> result) => result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();

    private static IResult Deleted(DesignationResult<bool> result) => result.Succeeded ? TypedResults.NoContent() : result.ToProblem();

    /// <summary>Reads the optional <c>version</c> query parameter as text, so a malformed one is a field error, not a binding failure.</summary>
    private static ApiProblem? ParseVersion(HttpContext http, string? value, out Guid? version)
    {
        version = null;
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var parsed))
        {
            version = parsed;
            return null;
        }

        return Validate.For(http).Check(false, "version", FieldCodes.InvalidValue).ToProblem();
    }
}
