using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.Recovery;

public sealed record PasswordRecoveryRequest(string? Email);

public sealed record PasswordRecoveryAccepted(string Message);

public sealed record PasswordRecoveryCompleteRequest(string? Token, string? NewPassword, string? Code);

/// <summary>The public recovery API (SPEC §5, §10).</summary>
public static class PasswordRecoveryApi
{
    public static IEndpointRouteBuilder MapPasswordRecoveryApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/password-recovery", RequestAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicForm)
            .WithName("RequestPasswordRecovery")
            .WithSummary("Asks for the recovery email. Always 202 with the same body: what happens next goes to the mailbox only.")
            .Produces<PasswordRecoveryAccepted>(StatusCodes.Status202Accepted);
        api.MapPost("/password-recovery/complete", CompleteAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicForm)
            .WithName("CompletePasswordRecovery")
            .WithSummary("Sets a new password with the emailed link's token (and a code when the organization requires two methods).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
        return api;
    }

    internal static IResult RequestAsync(PasswordRecoveryRequest? request, HttpContext http, RecoveryRequestChannel queue, IStringLocalizer<SharedResource> t)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Email("email", request.Email);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        queue.TryEnqueue(new RecoveryRequest(request.Email!.Trim(), CultureInfo.CurrentUICulture.Name, http.Connection.RemoteIpAddress?.ToString()));
        return TypedResults.Json(new PasswordRecoveryAccepted(t["Recover.Sent"].Value), statusCode: StatusCodes.Status202Accepted);
    }

    internal static async Task<IResult> CompleteAsync(
        PasswordRecoveryCompleteRequest? request, HttpContext http, PasswordRecoveryService service, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Text("token", request.Token, 512).Password("newPassword", request.NewPassword);
        if (request.Code is not null)
        {
            validate.Text("code", request.Code, 32, required: false);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.CompleteAsync(request.Token, request.NewPassword!, request.Code, cancellationToken);
        if (result.Succeeded)
        {
            return TypedResults.NoContent();
        }

        return result.Rules is { } rules ? MeApi.PasswordRejected(rules, t) : new ApiProblem(result.Status, result.Error!);
    }
}
