using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.SecurityInfo;

public sealed record CodeRequest(string? Code);

public sealed record ReauthenticateRequest(string? Password, string? Code);

public sealed record AuthenticatorSetupResponse(string Secret, string OtpauthUri);

public sealed record RecoveryCodesResponse(IReadOnlyList<string> Codes);

public sealed record AlternateEmailRequest(string? Email);

public sealed record PhoneRequest(string? Phone);

public sealed record SecurityInfoResponse(
    bool Authenticator, int Passkeys, int RecoveryCodesLeft, bool AlternateEmailVerified, bool PhoneVerified,
    string? AlternateEmail, string? Phone, bool MfaRegistered);

/// <summary>The signed-in account's security info (SPEC §5, §10): authenticator app, recovery codes, re-authentication.</summary>
public static class SecurityInfoApi
{
    public static IEndpointRouteBuilder MapSecurityInfoApi(this IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me").RequireAuthorization();
        me.MapGet("/security-info", GetAsync).WithName("GetSecurityInfo").WithSummary("Which security info the account has registered.");
        me.MapPost("/reauthenticate", ReauthenticateAsync).WithName("Reauthenticate")
            .WithSummary("Confirms the owner again (password or code); security-info changes need this within 10 minutes.");
        me.MapPost("/authenticator", BeginAuthenticatorAsync).WithName("AddAuthenticator")
            .WithSummary("Starts adding an authenticator app: a new secret and its otpauth URI, pending until confirmed.");
        me.MapPost("/authenticator/confirm", ConfirmAuthenticatorAsync).WithName("ConfirmAuthenticator")
            .WithSummary("Confirms the pending authenticator app with a current code from it.");
        me.MapDelete("/authenticator", RemoveAuthenticatorAsync).WithName("RemoveAuthenticator").WithSummary("Removes the authenticator app.");
        me.MapPost("/recovery-codes", GenerateRecoveryCodesAsync).WithName("GenerateRecoveryCodes")
            .WithSummary("Replaces the recovery codes with ten new single-use ones (shown once).");
        me.MapPost("/alternate-email", StartAlternateEmailAsync).WithName("AddAlternateEmail")
            .WithSummary("Sends a 6-digit code to a new alternate email; it is registered once the code is confirmed.");
        me.MapPost("/alternate-email/verify", (CodeRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken ct) =>
                ConfirmContactAsync(SecurityInfoService.EmailKind, request, http, service, db, ct))
            .WithName("VerifyAlternateEmail").WithSummary("Confirms the alternate email with the code sent to it.");
        me.MapDelete("/alternate-email", (HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken ct) =>
                RemoveContactAsync(SecurityInfoService.EmailKind, http, service, db, ct))
            .WithName("RemoveAlternateEmail").WithSummary("Removes the alternate email.");
        me.MapPost("/phone", StartPhoneAsync).WithName("AddPhone")
            .WithSummary("Sends a 6-digit code by SMS to a new mobile phone (E.164); it is registered once the code is confirmed.");
        me.MapPost("/phone/verify", (CodeRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken ct) =>
                ConfirmContactAsync(SecurityInfoService.PhoneKind, request, http, service, db, ct))
            .WithName("VerifyPhone").WithSummary("Confirms the mobile phone with the code sent to it.");
        me.MapDelete("/phone", (HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken ct) =>
                RemoveContactAsync(SecurityInfoService.PhoneKind, http, service, db, ct))
            .WithName("RemovePhone").WithSummary("Removes the mobile phone.");
        return api;
    }

    internal static async Task<IResult> StartAlternateEmailAsync(AlternateEmailRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http).Email("email", request.Email);
        if (validate.IsValid)
        {
            var own = http.User.FindFirst(PorticoClaims.Email)?.Value;
            validate.Check(!string.Equals(own, request.Email!.Trim(), StringComparison.OrdinalIgnoreCase), "email", FieldCodes.InvalidValue);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await service.StartContactVerificationAsync(http.User.AccountId()!.Value, SecurityInfoService.EmailKind, request.Email!.Trim(), cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<IResult> StartPhoneAsync(PhoneRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var phone = SecurityInfoService.NormalizePhone(request.Phone);
        var validate = Validate.For(http).Text("phone", request.Phone, 32);
        if (validate.IsValid)
        {
            validate.Check(phone is not null, "phone", FieldCodes.InvalidPhone);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await service.StartContactVerificationAsync(http.User.AccountId()!.Value, SecurityInfoService.PhoneKind, phone!, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    internal static async Task<IResult> ConfirmContactAsync(string kind, CodeRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
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

        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return ToResult(await service.ConfirmContactAsync(http.User.AccountId()!.Value, kind, request.Code, cancellationToken));
    }

    internal static async Task<IResult> RemoveContactAsync(string kind, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return ToResult(await service.RemoveContactAsync(http.User.AccountId()!.Value, kind, cancellationToken));
    }

    internal static async Task<Ok<SecurityInfoResponse>> GetAsync(HttpContext http, SecurityInfoQueries queries, CancellationToken cancellationToken)
    {
        var s = await queries.GetAsync(http.User.AccountId()!.Value, cancellationToken);
        return TypedResults.Ok(new SecurityInfoResponse(
            s.Authenticator, s.Passkeys, s.RecoveryCodesLeft, s.AlternateEmailVerified, s.PhoneVerified, s.AlternateEmail, s.Phone, s.HasMfaMethod));
    }

    internal static async Task<IResult> ReauthenticateAsync(ReauthenticateRequest? request, HttpContext http, SecurityInfoService service, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiProblem.BadRequest(ErrorCodes.MalformedRequest);
        }

        var validate = Validate.For(http)
            .Check(!string.IsNullOrEmpty(request.Password) || !string.IsNullOrEmpty(request.Code), "password", FieldCodes.Required);
        if (!string.IsNullOrEmpty(request.Password))
        {
            validate.Password("password", request.Password);
        }
        else if (request.Code is not null)
        {
            validate.Text("code", request.Code, 32);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.ReauthenticateAsync(http.User.AccountId()!.Value, http.User.SessionId()!.Value, request.Password, request.Code, cancellationToken);
        return ToResult(result);
    }

    internal static async Task<IResult> BeginAuthenticatorAsync(HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var setup = await service.BeginAuthenticatorAsync(http.User.AccountId()!.Value, cancellationToken);
        return TypedResults.Ok(new AuthenticatorSetupResponse(setup.Secret, setup.OtpAuthUri));
    }

    internal static async Task<IResult> ConfirmAuthenticatorAsync(CodeRequest? request, HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
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

        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return ToResult(await service.ConfirmAuthenticatorAsync(http.User.AccountId()!.Value, http.User.SessionId()!.Value, request.Code, cancellationToken));
    }

    internal static async Task<IResult> RemoveAuthenticatorAsync(HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return ToResult(await service.RemoveAuthenticatorAsync(http.User.AccountId()!.Value, cancellationToken));
    }

    internal static async Task<IResult> GenerateRecoveryCodesAsync(HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (await RefuseChangeAsync(http, service, db, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(new RecoveryCodesResponse(await service.GenerateRecoveryCodesAsync(http.User.AccountId()!.Value, cancellationToken)));
    }

    /// <summary>
    /// A change needs a recent re-authentication. A session still owing its second factor may only register a first
    /// authenticator (the registration its organization asks for), never replace an existing method.
    /// </summary>
    private static async Task<IResult?> RefuseChangeAsync(HttpContext http, SecurityInfoService service, AppDbContext db, CancellationToken cancellationToken)
    {
        if (http.User.MfaPending())
        {
            var accountId = http.User.AccountId()!.Value;
            var registered = await db.Users.Where(a => a.Id == accountId).Select(a => a.TwoFactorEnabled).SingleAsync(cancellationToken);
            if (registered || !http.Request.Path.StartsWithSegments("/api/v1/me/authenticator", StringComparison.OrdinalIgnoreCase)
                || HttpMethods.IsDelete(http.Request.Method))
            {
                return new ApiProblem(StatusCodes.Status403Forbidden, ErrorCodes.MfaRequired);
            }
        }

        return await service.IsRecentlyAuthenticatedAsync(http.User.SessionId()!.Value, cancellationToken)
            ? null
            : new ApiProblem(StatusCodes.Status403Forbidden, SecurityInfoErrors.ReauthenticationRequired);
    }

    private static IResult ToResult(SecurityInfoResult result) =>
        result.Succeeded ? TypedResults.NoContent() : new ApiProblem(result.Status, result.Error!);
}
