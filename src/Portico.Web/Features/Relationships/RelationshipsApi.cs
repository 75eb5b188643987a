using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Relationships;

public sealed record InviteResellerRequest(string? PartnerId);

public sealed record CreateDelegatedAdminRequest(Guid? CustomerOrgId, string? DisplayName, IReadOnlyList<string>? Roles, int? DurationDays, bool? AutoExtend);

public sealed record SetAssignmentRequest(Guid? AccountId, IReadOnlyList<string>? Roles);

/// <summary>Partner relationships API (SPEC §7, §10): reseller relationships, customers and delegated-admin relationships.</summary>
public static class RelationshipsApi
{
    private static readonly string EitherSide = CapabilityPolicyProvider.ForAny(Capabilities.DelegatedAdmin, Capabilities.Relationships);

    public static IEndpointRouteBuilder MapRelationshipsApi(this IEndpointRouteBuilder api)
    {
        var org = api.MapGroup("/orgs/{orgId:guid}");
        org.MapPost("/reseller-relationships", InviteAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.CustomersInvite))
            .WithName("InviteReseller").WithSummary("A provider (IndirectProvider or Direct) invites an organization, by Partner ID, to a reseller relationship.");
        org.MapGet("/reseller-relationships", ListResellerAsync)
            .RequireAuthorization(CapabilityPolicyProvider.ForAny(Capabilities.Customers, Capabilities.Relationships))
            .WithName("ListResellerRelationships").WithSummary("Reseller relationships of the organization, as provider and as reseller.");
        org.MapPost("/reseller-relationships/{id:guid}/accept", (Guid orgId, Guid id, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken ct) =>
                DecideResellerAsync(orgId, id, true, user, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Relationships))
            .WithName("AcceptResellerRelationship").WithSummary("The invited organization's Global admin accepts the invitation.");
        org.MapPost("/reseller-relationships/{id:guid}/decline", (Guid orgId, Guid id, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken ct) =>
                DecideResellerAsync(orgId, id, false, user, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Relationships))
            .WithName("DeclineResellerRelationship");
        org.MapPost("/reseller-relationships/{id:guid}/end", EndResellerAsync)
            .RequireAuthorization(CapabilityPolicyProvider.ForAny(Capabilities.CustomersInvite, Capabilities.Relationships))
            .WithName("EndResellerRelationship")
            .WithSummary("The provider withdraws a pending invitation, or either side's Global admin ends an active relationship; the delegated-admin relationships between the two end with it.");
        org.MapGet("/customers", CustomersAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Customers))
            .WithName("ListCustomers").WithSummary("The provider's customers with their reseller and delegated-admin relationship state.");

        var gdap = org.MapGroup("/delegated-admin-relationships");
        gdap.MapPost("", CreateAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.DelegatedAdmin))
            .WithName("RequestDelegatedAdmin").WithSummary("The provider asks a customer for relationship roles for 1–730 days (auto-extend by 180 days, never with GlobalAdministrator).");
        gdap.MapGet("", ListAsync).RequireAuthorization(EitherSide)
            .WithName("ListDelegatedAdminRelationships").WithSummary("Delegated-admin relationships of the organization, as provider and as customer.");
        gdap.MapGet("/{id:guid}", GetAsync).RequireAuthorization(EitherSide).WithName("GetDelegatedAdminRelationship");
        gdap.MapPost("/{id:guid}/approve", (Guid orgId, Guid id, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken ct) =>
                DecideAsync(orgId, id, true, user, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Relationships))
            .WithName("ApproveDelegatedAdmin").WithSummary("The customer's Global admin approves a pending request; it is active from now for its duration.");
        gdap.MapPost("/{id:guid}/decline", (Guid orgId, Guid id, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken ct) =>
                DecideAsync(orgId, id, false, user, service, queries, ct))
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Relationships))
            .WithName("DeclineDelegatedAdmin");
        gdap.MapPost("/{id:guid}/terminate", TerminateAsync).RequireAuthorization(EitherSide)
            .WithName("TerminateDelegatedAdmin").WithSummary("Either side ends the relationship (the provider may also withdraw a pending request); access ends on the next request.");
        gdap.MapPut("/{id:guid}/assignments", AssignAsync).RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.DelegatedAdmin))
            .WithName("SetDelegatedAdminAssignment").WithSummary("Gives one of the provider's Admin agents or Helpdesk agents relationship roles (an empty list removes them).");
        return api;
    }

    /// <summary>Which sides of relationships the caller may act for in the route's organization (provider, customer).</summary>
    public static async Task<(bool Provider, bool Customer)> SidesAsync(IAuthorizationService authorization, ClaimsPrincipal user, string providerCapability = Capabilities.DelegatedAdmin) =>
        ((await authorization.AuthorizeAsync(user, CapabilityPolicyProvider.For(providerCapability))).Succeeded,
         (await authorization.AuthorizeAsync(user, CapabilityPolicyProvider.For(Capabilities.Relationships))).Succeeded);

    internal static async Task<IResult> InviteAsync(
        Guid orgId, InviteResellerRequest? request, HttpContext http, RelationshipService service, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.InviteResellerAsync(orgId, http.User, request.PartnerId, cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(http, result);
        }

        var row = (await queries.ResellerAsync(orgId, true, false, cancellationToken, result.Value!.Id)).Single();
        return TypedResults.Created($"/api/v1/orgs/{orgId}/reseller-relationships/{row.Id}", row);
    }

    internal static async Task<IResult> ListResellerAsync(
        Guid orgId, ClaimsPrincipal user, IAuthorizationService authorization, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        var (provider, reseller) = await SidesAsync(authorization, user, Capabilities.Customers);
        return TypedResults.Ok(await queries.ResellerAsync(orgId, provider, reseller, cancellationToken));
    }

    internal static async Task<IResult> DecideResellerAsync(
        Guid orgId, Guid id, bool accept, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        var result = await service.DecideResellerAsync(orgId, id, user, accept, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok((await queries.ResellerAsync(orgId, false, true, cancellationToken, id)).Single())
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> EndResellerAsync(
        Guid orgId, Guid id, ClaimsPrincipal user, IAuthorizationService authorization, RelationshipService service, RelationshipQueries queries,
        CancellationToken cancellationToken)
    {
        var (provider, reseller) = await SidesAsync(authorization, user, Capabilities.CustomersInvite);
        var result = await service.EndResellerAsync(orgId, id, user, provider, reseller, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok((await queries.ResellerAsync(orgId, provider, reseller, cancellationToken, id)).Single())
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> CustomersAsync(Guid orgId, RelationshipQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.CustomersAsync(orgId, cancellationToken));

    internal static async Task<IResult> CreateAsync(
        Guid orgId, CreateDelegatedAdminRequest? request, HttpContext http, RelationshipService service, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.RequestDelegatedAdminAsync(orgId, http.User,
            new DelegatedAdminRequest(request.CustomerOrgId, request.DisplayName, request.Roles, request.DurationDays, request.AutoExtend == true), cancellationToken);
        if (!result.Succeeded)
        {
            return Problem(http, result);
        }

        var row = (await queries.DelegatedAdminAsync(orgId, true, false, cancellationToken, result.Value!.Id)).Single();
        return TypedResults.Created($"/api/v1/orgs/{orgId}/delegated-admin-relationships/{row.Id}", row);
    }

    internal static async Task<IResult> ListAsync(
        Guid orgId, ClaimsPrincipal user, IAuthorizationService authorization, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        var (provider, customer) = await SidesAsync(authorization, user);
        return TypedResults.Ok(await queries.DelegatedAdminAsync(orgId, provider, customer, cancellationToken));
    }

    internal static async Task<IResult> GetAsync(
        Guid orgId, Guid id, ClaimsPrincipal user, IAuthorizationService authorization, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        var (provider, customer) = await SidesAsync(authorization, user);
        return (await queries.DelegatedAdminAsync(orgId, provider, customer, cancellationToken, id)).SingleOrDefault() is { } row
            ? TypedResults.Ok(row)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.RelationshipNotFound);
    }

    internal static async Task<IResult> DecideAsync(
        Guid orgId, Guid id, bool approve, ClaimsPrincipal user, RelationshipService service, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        var result = await service.DecideDelegatedAdminAsync(orgId, id, user, approve, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok((await queries.DelegatedAdminAsync(orgId, false, true, cancellationToken, id)).Single())
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> TerminateAsync(
        Guid orgId, Guid id, ClaimsPrincipal user, IAuthorizationService authorization, RelationshipService service, RelationshipQueries queries,
        CancellationToken cancellationToken)
    {
        var (provider, customer) = await SidesAsync(authorization, user);
        var result = await service.TerminateAsync(orgId, id, user, provider, customer, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok((await queries.DelegatedAdminAsync(orgId, provider, customer, cancellationToken, id)).Single())
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> AssignAsync(
        Guid orgId, Guid id, SetAssignmentRequest? request, HttpContext http, RelationshipService service, RelationshipQueries queries, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var result = await service.AssignAsync(orgId, id, request.AccountId, request.Roles, http.User, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok((await queries.DelegatedAdminAsync(orgId, true, false, cancellationToken, id)).Single())
            : Problem(http, result);
    }

    private static ApiProblem Problem<T>(HttpContext http, RelationshipResult<T> result)
        where T : class
    {
        if (result.Fields is { Count: > 0 } fields)
        {
            var validate = Validate.For(http);
            foreach (var (field, code) in fields)
            {
                validate.Check(false, field, code);
            }

            return validate.ToProblem();
        }

        return new ApiProblem(result.Status, result.Error!);
    }
}
