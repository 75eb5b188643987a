using Microsoft.AspNetCore.Http.HttpResults;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;

namespace Portico.Web.Features.SignIn;

public sealed record SessionRequest(string? Email, string? Password, string? AccountKind);

public sealed record AccountSummary(Guid Id, string Kind, string DisplayName, string Email, Guid? OrganizationId, string? OrganizationName);

public sealed record SessionResponse(string Token, AccountSummary Account, bool MustChangePassword, bool MfaRequired, bool MfaRegistrationRequired);

public sealed record MfaRequest(string? Code);

public sealed record AccountChoiceResponse(string Kind, Guid? OrganizationId, string? OrganizationName);

public static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/session", CreateAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicForm)
            .WithName("CreateSession")
            .WithSummary("Signs in with email and password and returns a bearer token for a server-side session.")
            .Produces<SessionResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/session/mfa", CompleteMfaAsync)
            .RequireAuthorization()
            .WithName("CompleteSessionMfa")
            .WithSummary("Completes a sign-in that answered mfaRequired: a code from the authenticator app or a recovery code.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapDelete("/session", DeleteAsync)
            .RequireAuthorization()
            .WithName("DeleteSession")
            .WithSummary("Signs out: ends the session behind the bearer token or cookie.");
        return api;
    }

    internal static async Task<IResult> CreateAsync(SessionRequest? request, HttpContext http, SignInService signIn, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Email("email", request.Email).Password("password", request.Password);
        AccountKind? kind = null;
        if (request.AccountKind is { Length: > 0 } k)
        {
            // Note: only a kind's exact name; Enum.TryParse alone also takes numbers and comma-joined flags ("Work,Personal").
            if (Enum.TryParse<AccountKind>(k, ignoreCase: true, out var parsed) && string.Equals(parsed.ToString(), k, StringComparison.OrdinalIgnoreCase))
            {
                kind = parsed;
            }
            else
            {
                validate.Check(false, "accountKind", FieldCodes.InvalidValue);
            }
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var outcome = await signIn.SignInAsync(request.Email!, request.Password!, kind, SessionClient.Api, http, cancellationToken);
        return outcome switch
        {
            SignInOutcome.Succeeded s => TypedResults.Ok(new SessionResponse(
                s.Token, ToSummary(s.Account), s.Account.MustChangePassword, s.MfaRequired, s.MfaRegistrationRequired)),
            SignInOutcome.SelectionRequired s => new ApiProblem(StatusCodes.Status409Conflict, ErrorCodes.AccountSelectionRequired,
                extensions: new Dictionary<string, object?>
                {
                    ["accounts"] = s.Accounts.Select(a => new AccountChoiceResponse(a.Kind.ToString(), a.OrganizationId, a.OrganizationName)).ToList(),
                }),
            _ => new ApiProblem(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidCredentials),
        };
    }

    internal static async Task<IResult> CompleteMfaAsync(
        MfaRequest? request, HttpContext http, SecurityInfo.SecurityInfoService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Text("code", request.Code, 32);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.CompleteMfaAsync(http.User.AccountId()!.Value, http.User.SessionId()!.Value, request.Code, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<NoContent> DeleteAsync(HttpContext http, SessionService sessions, AuditTrail audit, Data.AppDbContext db, CancellationToken cancellationToken)
    {
        var accountId = http.User.AccountId()!.Value;
        if (await sessions.EndAsync(accountId, http.User.SessionId()!.Value, SessionEndReason.SignedOut, cancellationToken))
        {
            audit.Record(AuditEventType.SignedOut, http.User.OrganizationId(), accountId);
            await db.SaveChangesAsync(cancellationToken);
        }

        http.Response.Cookies.Delete(PorticoSessionOptions.CookieName);
        return TypedResults.NoContent();
    }

    public static AccountSummary ToSummary(Account account) =>
        new(account.Id, account.Kind.ToString(), account.DisplayName, account.Email ?? "", account.OrganizationId, account.Organization?.DisplayName);
}
