using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;

namespace Portico.Web.Features.Support;

public sealed record CreateSupportRequest(string? Category, string? Description, string? ContactEmail);

public sealed record SupportReply(string? Message);

public sealed record PrivateLinkRead(string? Token);

public sealed record PrivateLinkReply(string? Token, string? Message);

public static class SupportApi
{
    public static IEndpointRouteBuilder MapSupportApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/support-requests", CreateAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.PublicForm)
            .WithName("CreateSupportRequest")
            .WithSummary("Contacts support (signed out or in). Signed out: always 202, the ticket number and private link go to the contact email.");
        api.MapGet("/support-requests", MineAsync).RequireAuthorization()
            .WithName("ListMySupportRequests").WithSummary("The support requests the caller opened while signed in.");
        api.MapGet("/support-requests/{requestId:guid}", GetAsync).RequireAuthorization()
            .WithName("GetSupportRequest").WithSummary("One of the caller's support requests (or of their organization, for Global admins), with its thread.");
        api.MapPost("/support-requests/{requestId:guid}/replies", ReplyAsync).RequireAuthorization()
            .WithName("ReplyToSupportRequest").WithSummary("The requester adds a message; a waiting or resolved request re-opens.");
        var link = api.MapGroup("/support-requests/private").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.PublicForm);
        link.MapPost("", ReadByLinkAsync).WithName("ReadSupportRequestByLink")
            .WithSummary("The ticket a private link's token opens (the token goes in the body, never in a URL); 404 support_link_invalid when unknown, altered or expired.");
        link.MapPost("/replies", ReplyByLinkAsync).WithName("ReplyToSupportRequestByLink")
            .WithSummary("The requester replies with the private link's token; a waiting or resolved request re-opens.");
        api.MapGet("/orgs/{orgId:guid}/support-requests", OrganizationAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.SupportOrganization))
            .WithName("ListOrganizationSupportRequests").WithSummary("Every support request opened by the organization's members.");
        return api;
    }

    /// <summary>Validates a submission the same way for the API and the page.</summary>
    public static Validate Check(Validate validate, string? category, string? description, string? contactEmail)
    {
        ArgumentNullException.ThrowIfNull(validate);
        return validate
            .Check(category is null || SupportCategories.IsCategory(category), "category", FieldCodes.InvalidValue)
            .Check(!string.IsNullOrWhiteSpace(category), "category", FieldCodes.Required)
            .Text("description", description, SupportRequest.DescriptionMaxLength, multiline: true)
            .Email("contactEmail", contactEmail);
    }

    internal static async Task<IResult> CreateAsync(CreateSupportRequest? request, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var contactEmail = request.ContactEmail;
        if (signedIn && string.IsNullOrWhiteSpace(contactEmail))
        {
            contactEmail = http.User.FindFirst(PorticoClaims.Email)?.Value;
        }

        var validate = Check(Validate.For(http), request.Category, request.Description, contactEmail);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.SubmitAsync(new SupportSubmission(request.Category!, request.Description!, contactEmail!), http.User, cancellationToken);
        if (!signedIn)
        {
            // Note: identical whether the ticket was stored or dropped by the per-email limit, and never depends on accounts.
            return TypedResults.Accepted((string?)null, new AcceptedResponse("request_received"));
        }

        if (result.Limited)
        {
            return new ApiProblem(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests) { RetryAfterSeconds = 3600 };
        }

        var detail = await service.DetailAsync(result.Request!.Id, cancellationToken);
        return TypedResults.Created($"/api/v1/support-requests/{detail!.Id}", detail);
    }

    internal static async Task<IResult> MineAsync(HttpContext http, SupportService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ForAccountAsync(http.User.AccountId()!.Value, cancellationToken));

    internal static async Task<IResult> GetAsync(Guid requestId, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        var detail = await service.DetailAsync(requestId, cancellationToken);
        return detail is not null && CanRead(http.User, detail.AccountId, detail.OrganizationId)
            ? TypedResults.Ok(detail)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
    }

    internal static async Task<IResult> ReplyAsync(
        Guid requestId, SupportReply? reply, HttpContext http, SupportService service, Data.AppDbContext db, CancellationToken cancellationToken)
    {
        var request = await db.SupportRequests.FindAsync([requestId], cancellationToken);
        if (request is null || request.AccountId != http.User.AccountId())
        {
            return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        var validate = Validate.For(http).Text("message", reply?.Message, SupportRequest.DescriptionMaxLength, multiline: true);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.ReplyAsRequesterAsync(request, reply!.Message!, http.User.AccountId(), "account", cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await service.DetailAsync(requestId, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> ReadByLinkAsync(PrivateLinkRead? request, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http).Text("token", request?.Token, 128);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return await service.FindByTokenAsync(request!.Token, cancellationToken) is { } ticket
            ? TypedResults.Ok(await service.DetailAsync(ticket.Id, cancellationToken))
            : new ApiProblem(StatusCodes.Status404NotFound, SupportErrors.LinkInvalid);
    }

    internal static async Task<IResult> ReplyByLinkAsync(PrivateLinkReply? request, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Text("token", request?.Token, 128)
            .Text("message", request?.Message, SupportRequest.DescriptionMaxLength, multiline: true);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        if (await service.FindByTokenAsync(request!.Token, cancellationToken) is not { } ticket)
        {
            return new ApiProblem(StatusCodes.Status404NotFound, SupportErrors.LinkInvalid);
        }

        var result = await service.ReplyAsRequesterAsync(ticket, request.Message!, null, "private_link", cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await service.DetailAsync(ticket.Id, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> OrganizationAsync(Guid orgId, SupportService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.ForOrganizationAsync(orgId, cancellationToken));

    /// <summary>The requester, or a Global admin of the ticket's organization (through the catalog), may read a ticket.</summary>
    public static bool CanRead(System.Security.Claims.ClaimsPrincipal user, Guid? accountId, Guid? organizationId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (accountId is not null && accountId == user.AccountId())
        {
            return true;
        }

        return organizationId is { } orgId && user.OrganizationId() == orgId
            && AccessEvaluator.HoldsAny(user.FindAll(PorticoClaims.Role).Select(c => c.Value).ToList(),
                AccessCatalog.RolesOpening[Capabilities.SupportOrganization]);
    }
}
