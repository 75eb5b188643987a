using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Apps;

/// <param name="DisplayName">Unique in the organization (case-insensitive), at most 120 characters.</param>
/// <param name="Description">Optional, at most 1000 characters; line breaks allowed.</param>
/// <param name="Platform">Web, SinglePageApp, Desktop or Mobile.</param>
/// <param name="RedirectUris">At most 10 absolute URIs of at most 256 characters: https, or http on localhost or 127.0.0.1 (any port); no fragment, no wildcard.</param>
/// <param name="Version">On update: the version the client edited (409 app_changed when another edit came first).</param>
public sealed record AppRequest(string? DisplayName, string? Description, string? Platform, IReadOnlyList<string?>? RedirectUris, Guid? Version = null)
{
    public AppInput ToInput() => new(DisplayName, Description, Platform, RedirectUris);
}

/// <param name="Version">The version the client saw (409 app_changed when the app changed since).</param>
public sealed record AppStatusRequest(Guid? Version);

/// <param name="Description">Optional, at most 100 characters.</param>
/// <param name="ExpiresInDays">30, 90, 180, 365 or 730.</param>
public sealed record AppSecretRequest(string? Description, int? ExpiresInDays);

public sealed record AppsResponse(Guid OrganizationId, IReadOnlyList<AppView> Apps);

public sealed record AppSecretsResponse(Guid AppId, IReadOnlyList<AppSecretView> Secrets);

/// <summary>App registrations API (SPEC §2–3, §10): the same service and rules as the App registrations pages.</summary>
public static class AppsApi
{
    public static IEndpointRouteBuilder MapAppsApi(this IEndpointRouteBuilder api)
    {
        var apps = api.MapGroup("/orgs/{orgId:guid}/apps").RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Apps));
        apps.MapGet("", ListAsync).WithName("ListApps").WithSummary("The organization's app registrations, by display name.");
        apps.MapPost("", CreateAsync).WithName("CreateApp")
            .WithSummary("Registers an app with a new client id; the display name is unique in the organization (case-insensitive).");
        apps.MapGet("/{id:guid}", GetAsync).WithName("GetApp");
        apps.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateApp")
            .WithSummary("Replaces the display name, description, platform and redirect URIs; the client id never changes. Send version to detect concurrent edits (409).");
        apps.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteApp")
            .WithSummary("Deletes the app registration and its secrets (Owner or Global admin only: 403 app_delete_not_allowed).");
        apps.MapPost("/{id:guid}/disable", (Guid orgId, Guid id, AppStatusRequest? request, HttpContext http, AppRegistrationService service, CancellationToken ct) =>
                SetEnabledAsync(orgId, id, false, request, http, service, ct))
            .WithName("DisableApp").WithSummary("Disables the app; its settings and secrets are kept.");
        apps.MapPost("/{id:guid}/enable", (Guid orgId, Guid id, AppStatusRequest? request, HttpContext http, AppRegistrationService service, CancellationToken ct) =>
                SetEnabledAsync(orgId, id, true, request, http, service, ct))
            .WithName("EnableApp").WithSummary("Enables a disabled app.");
        apps.MapGet("/{id:guid}/secrets", ListSecretsAsync).WithName("ListAppSecrets")
            .WithSummary("The app's client secrets (hint, description, expiry), newest first; values are never shown again.");
        apps.MapPost("/{id:guid}/secrets", CreateSecretAsync).WithName("CreateAppSecret")
            .WithSummary("Creates a client secret and returns its value once (secretText); at most 5 unexpired secrets per app (409 app_secret_limit_reached; 409 app_changed when another change to the app, such as another new secret, was saved at the same moment).");
        apps.MapDelete("/{id:guid}/secrets/{secretId:guid}", RevokeSecretAsync).WithName("RevokeAppSecret")
            .WithSummary("Revokes a client secret.");
        return api;
    }

    internal static async Task<IResult> ListAsync(Guid orgId, AppRegistrationService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(new AppsResponse(orgId, await service.ListAsync(orgId, cancellationToken)));

    internal static async Task<IResult> GetAsync(Guid orgId, Guid id, AppRegistrationService service, CancellationToken cancellationToken) =>
        await service.GetAsync(orgId, id, cancellationToken) is { } app
            ? TypedResults.Ok(app)
            : new ApiProblem(StatusCodes.Status404NotFound, AppErrors.AppNotFound);

    internal static async Task<IResult> CreateAsync(Guid orgId, AppRequest? request, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.CreateAsync(orgId, http.User, request.ToInput(), cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/v1/orgs/{orgId}/apps/{result.App!.Id}", result.App)
            : Problem(result);
    }

    internal static async Task<IResult> UpdateAsync(Guid orgId, Guid id, AppRequest? request, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.UpdateAsync(orgId, id, http.User, request.ToInput(), request.Version, cancellationToken);
        return await ResultAsync(orgId, id, result, service, cancellationToken);
    }

    internal static async Task<IResult> SetEnabledAsync(
        Guid orgId, Guid id, bool enable, AppStatusRequest? request, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        var result = await service.SetEnabledAsync(orgId, id, http.User, enable, request?.Version, cancellationToken);
        return await ResultAsync(orgId, id, result, service, cancellationToken);
    }

    internal static async Task<IResult> DeleteAsync(Guid orgId, Guid id, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(orgId, id, http.User, null, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result);
    }

    internal static async Task<IResult> ListSecretsAsync(Guid orgId, Guid id, AppRegistrationService service, CancellationToken cancellationToken) =>
        await service.ListSecretsAsync(orgId, id, cancellationToken) is { } secrets
            ? TypedResults.Ok(new AppSecretsResponse(id, secrets))
            : new ApiProblem(StatusCodes.Status404NotFound, AppErrors.AppNotFound);

    internal static async Task<IResult> CreateSecretAsync(
        Guid orgId, Guid id, AppSecretRequest? request, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.CreateSecretAsync(orgId, id, http.User, request.Description, request.ExpiresInDays, cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(result);
        }

        // Note: the value is in this response only; no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(result.Secret, statusCode: StatusCodes.Status201Created);
    }

    internal static async Task<IResult> RevokeSecretAsync(
        Guid orgId, Guid id, Guid secretId, HttpContext http, AppRegistrationService service, CancellationToken cancellationToken)
    {
        var result = await service.RevokeSecretAsync(orgId, id, secretId, http.User, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : Problem(result);
    }

    private static async Task<IResult> ResultAsync(Guid orgId, Guid id, AppResult result, AppRegistrationService service, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return TypedResults.Ok(result.App);
        }

        if (result.Error == AppErrors.Changed)
        {
            // Note: the loser of a concurrent edit sees the current state, so nothing is silently lost.
            return new ApiProblem(StatusCodes.Status409Conflict, result.Error, extensions: new Dictionary<string, object?>
            {
                ["current"] = await service.GetAsync(orgId, id, cancellationToken),
            });
        }

        return Problem(result);
    }

    private static ApiProblem Problem(AppResult result) =>
        result.Fields is { Count: > 0 } fields ? ApiProblem.Validation(fields) : new ApiProblem(result.Status, result.Error!);
}
