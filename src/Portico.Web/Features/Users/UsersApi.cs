using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Users;

public sealed record RoleGrantRequest(string? Role, Guid? LocationId);

/// <param name="Invite">True: email a single-use invitation link instead of returning a temporary password.</param>
public sealed record CreateUserRequest(string? Email, string? DisplayName, string? NameReading, IReadOnlyList<RoleGrantRequest>? Roles, bool? Invite);

/// <param name="TemporaryPassword">Shown once; null when an invitation was emailed.</param>
public sealed record CreatedUserResponse(UserRow User, string? TemporaryPassword);

public sealed record SetRolesRequest(IReadOnlyList<RoleGrantRequest>? Roles, string? ConcurrencyStamp);

public sealed record PasswordResetResponse(string TemporaryPassword);

/// <summary>User management API (SPEC §6, §10): the same service and rules as the User management pages.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/orgs/{orgId:guid}/users");
        users.MapGet("", ListAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Users))
            .WithName("ListUsers").WithSummary("Users of the organization: search (q: name, reading or email, partial, case/width/kana-insensitive), role and status filters, keyset paging.");
        users.MapPost("", CreateAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.UsersManage))
            .WithName("CreateUser").WithSummary("Adds a work account with a temporary password shown once in the response, or (invite: true) emails a single-use invitation link.");
        users.MapGet("/{userId:guid}", GetAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Users))
            .WithName("GetUser");
        users.MapDelete("/{userId:guid}", DeleteAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.UsersManage))
            .WithName("DeleteUser");
        users.MapPut("/{userId:guid}/roles", SetRolesAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Users))
            .WithName("SetUserRoles").WithSummary("Replaces the user's roles. Grant rules apply; send concurrencyStamp to detect concurrent edits (409).");
        users.MapPost("/{userId:guid}/block", (Guid orgId, Guid userId, HttpContext http, UserManagementService service, UserQueries queries, CancellationToken ct) =>
                BlockAsync(orgId, userId, true, http, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.UsersManage)).WithName("BlockUser");
        users.MapPost("/{userId:guid}/unblock", (Guid orgId, Guid userId, HttpContext http, UserManagementService service, UserQueries queries, CancellationToken ct) =>
                BlockAsync(orgId, userId, false, http, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.UsersManage)).WithName("UnblockUser");
        users.MapPost("/{userId:guid}/password-reset", ResetPasswordAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.UsersResetPassword))
            .WithName("ResetUserPassword").WithSummary("Sets a temporary password (shown once), ends all the user's sessions and emails the user.");
        return api;
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, HttpContext http, UserQueries queries, string? q, string? role, string? status, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Text("q", q, Account.DisplayNameMaxLength, required: false)
            .Check(role is null || AccessCatalog.IsRole(role), "role", FieldCodes.InvalidValue)
            .Check(status is null || UserStatuses.All.Contains(status), "status", FieldCodes.InvalidValue)
            .Check(limit is null or (>= 1 and <= UserQueries.MaxLimit), "limit", FieldCodes.InvalidValue)
            .Check(cursor is null || UserQueries.DecodeCursor(cursor) is not null, "cursor", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await queries.ListAsync(orgId, new UserListFilter(q, role, status, cursor, limit ?? 50), cancellationToken));
    }

    internal static async Task<IResult> GetAsync(Guid orgId, Guid userId, UserQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(orgId, userId, cancellationToken) is { } user
            ? TypedResults.Ok(user)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    internal static async Task<IResult> CreateAsync(
        Guid orgId, CreateUserRequest? request, HttpContext http, UserManagementService service, UserQueries queries, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http)
            .Email("email", request.Email)
            .Text("displayName", request.DisplayName, Account.DisplayNameMaxLength)
            .Text("nameReading", request.NameReading, Account.DisplayNameMaxLength, required: false);
        var roles = ParseRoles(validate, request.Roles);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.CreateAsync(orgId, http.User, request.Email!, request.DisplayName!, request.NameReading, roles, cancellationToken, request.Invite == true);
        if (!result.Succeeded)
        {
            return new ApiProblem(result.Status, result.Error!);
        }

        var row = await queries.GetAsync(orgId, result.Account!.Id, cancellationToken);
        return TypedResults.Created($"/api/v1/orgs/{orgId}/users/{row!.Id}", new CreatedUserResponse(row, result.TemporaryPassword));
    }

    internal static async Task<IResult> SetRolesAsync(
        Guid orgId, Guid userId, SetRolesRequest? request, HttpContext http, UserManagementService service, UserQueries queries, CancellationToken cancellationToken)
    {
        if (request?.Roles is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Text("concurrencyStamp", request.ConcurrencyStamp, 64, required: false);
        var roles = ParseRoles(validate, request.Roles);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.SetRolesAsync(orgId, userId, http.User, roles, request.ConcurrencyStamp, cancellationToken);
        if (result.Error == UserErrors.ConcurrencyConflict)
        {
            // Note: the loser of a concurrent edit sees the current state, so nothing is silently lost.
            return new ApiProblem(StatusCodes.Status409Conflict, result.Error, extensions: new Dictionary<string, object?>
            {
                ["current"] = await queries.GetAsync(orgId, userId, cancellationToken),
            });
        }

        return result.Succeeded
            ? TypedResults.Ok(await queries.GetAsync(orgId, userId, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> DeleteAsync(Guid orgId, Guid userId, HttpContext http, UserManagementService service, CancellationToken cancellationToken)
    {
        var result = await service.DeleteAsync(orgId, userId, http.User, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> BlockAsync(
        Guid orgId, Guid userId, bool blocked, HttpContext http, UserManagementService service, UserQueries queries, CancellationToken cancellationToken)
    {
        var result = await service.SetBlockedAsync(orgId, userId, http.User, blocked, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await queries.GetAsync(orgId, userId, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> ResetPasswordAsync(Guid orgId, Guid userId, HttpContext http, UserManagementService service, CancellationToken cancellationToken)
    {
        var result = await service.ResetPasswordAsync(orgId, userId, http.User, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new PasswordResetResponse(result.TemporaryPassword!))
            : new ApiProblem(result.Status, result.Error!);
    }

    private static List<RoleGrant> ParseRoles(Validate validate, IReadOnlyList<RoleGrantRequest>? roles)
    {
        var result = new List<RoleGrant>();
        if (roles is null)
        {
            return result;
        }

        validate.Check(roles.Count <= AccessCatalog.RoleList.Count * 4, "roles", FieldCodes.TooLong);
        foreach (var role in roles)
        {
            if (role?.Role is null || !AccessCatalog.IsRole(role.Role))
            {
                validate.Check(false, "roles", GrantErrors.UnknownRole);
                continue;
            }

            result.Add(new RoleGrant(role.Role, role.LocationId));
        }

        return result;
    }
}
