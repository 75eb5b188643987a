using System.Globalization;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.Accounts;

public sealed record PersonalSignUpRequest(string? Email, string? Password, string? DisplayName);

public sealed record PersonalVerifyRequest(string? Email, string? Code);

public sealed record AcceptedResponse(string Status);

public static class PersonalAccountsApi
{
    public static IEndpointRouteBuilder MapPersonalAccountsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/personal-accounts").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.PublicForm);
        group.MapPost("", StartAsync).WithName("StartPersonalSignUp")
            .WithSummary("Starts a personal-account sign-up; a 6-digit code is emailed. Same answer whether or not the email is taken.");
        group.MapPost("/verify", VerifyAsync).WithName("VerifyPersonalSignUp").WithSummary("Confirms the emailed code and creates the account.");
        return api;
    }

    internal static async Task<IResult> StartAsync(
        PersonalSignUpRequest? request, HttpContext http, PersonalAccountService service, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http)
            .Email("email", request.Email)
            .Password("password", request.Password)
            .Text("displayName", request.DisplayName, Account.DisplayNameMaxLength);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var rules = await service.StartAsync(request.Email!, request.Password!, request.DisplayName!, CultureInfo.CurrentUICulture.Name, cancellationToken);
        return rules.Count > 0
            ? MeApi.PasswordRejected(rules, t)
            : TypedResults.Accepted((string?)null, new AcceptedResponse("verification_sent"));
    }

    internal static async Task<IResult> VerifyAsync(PersonalVerifyRequest? request, HttpContext http, PersonalAccountService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Email("email", request.Email).Text("code", request.Code, 16);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var account = await service.VerifyAsync(request.Email!, request.Code!, cancellationToken);
        return account is null
            ? ApiProblem.BadRequest(ErrorCodes.InvalidCode)
            : TypedResults.Ok(SessionApi.ToSummary(account));
    }
}
