using Portico.Web.Authorization;
using Portico.Web.Features.Support;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Operator;

public sealed record StaffReply(string? Message, string? Status);

public sealed record StatusChange(string? Status);

public sealed record RecoveryLinkRequest(Guid? AccountId);

public sealed record RecoveryLinkSent(string Status, bool SelfService);

/// <summary>Operator routes: the support queue and sign-in diagnosis. Staff accounts with operator roles only.</summary>
public static class OperatorApi
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder api)
    {
        var support = api.MapGroup("/operator/support-requests")
            .RequireAuthorization(CapabilityPolicyProvider.For(OperatorCapabilities.Support));
        support.MapGet("", QueueAsync).WithName("SupportQueue")
            .WithSummary("The support queue: filter by status and category; oldest activity first; page (1-based) and pageSize (1–100).");
        support.MapGet("/{requestId:guid}", GetAsync).WithName("GetSupportRequestAsStaff").WithSummary("A ticket with its whole thread.");
        support.MapPost("/{requestId:guid}/replies", ReplyAsync).WithName("ReplyAsStaff")
            .WithSummary("Replies (mailed to the contact email with a private link, in the requester's language); status defaults to WaitingOnCustomer.");
        support.MapPost("/{requestId:guid}/status", ChangeStatusAsync).WithName("ChangeSupportRequestStatus")
            .WithSummary("Moves the ticket to Open, WaitingOnCustomer, Resolved or Closed (closed is final).");

        api.MapGet("/operator/sign-in-diagnosis", DiagnoseAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(OperatorCapabilities.SignInDiagnosis))
            .WithName("SignInDiagnosis")
            .WithSummary("Accounts for an email, lockout and block state, security info, the org's Global admins and the last 20 sign-in attempts with internal reasons.");
        api.MapPost("/operator/sign-in-diagnosis/recovery-link", SendRecoveryLinkAsync)
            .RequireAuthorization(CapabilityPolicyProvider.For(OperatorCapabilities.SignInDiagnosis))
            .WithName("SendRecoveryLinkAsStaff")
            .WithSummary("Sends the account's personalised recovery email to its own mailbox; the link is never shown to staff.");
        return api;
    }

    internal static async Task<IResult> QueueAsync(
        HttpContext http, SupportService service, string? status, string? category, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var parsed = ParseStatus(status);
        var validate = Validate.For(http)
            .Check(status is null || parsed is not null, "status", FieldCodes.InvalidValue)
            .Check(category is null || SupportCategories.IsCategory(category), "category", FieldCodes.InvalidValue)
            .Check(page is null or >= 1, "page", FieldCodes.InvalidValue)
            .Check(pageSize is null or (>= 1 and <= MaxPageSize), "pageSize", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await service.QueueAsync(parsed, category, page ?? 1, pageSize ?? 25, cancellationToken));
    }

    internal static async Task<IResult> GetAsync(Guid requestId, SupportService service, CancellationToken cancellationToken) =>
        await service.DetailAsync(requestId, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    internal static async Task<IResult> ReplyAsync(Guid requestId, StaffReply? reply, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        var status = ParseStatus(reply?.Status);
        var validate = Validate.For(http)
            .Text("message", reply?.Message, SupportRequest.DescriptionMaxLength, multiline: true)
            .Check(reply?.Status is null || status is not null, "status", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.ReplyAsStaffAsync(http.User, requestId, reply!.Message!, status, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await service.DetailAsync(requestId, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> ChangeStatusAsync(Guid requestId, StatusChange? change, HttpContext http, SupportService service, CancellationToken cancellationToken)
    {
        var status = ParseStatus(change?.Status);
        var validate = Validate.For(http)
            .Check(!string.IsNullOrWhiteSpace(change?.Status), "status", FieldCodes.Required);
        if (validate.IsValid)
        {
            validate.Check(status is not null, "status", FieldCodes.InvalidValue);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.ChangeStatusAsync(http.User, requestId, status!.Value, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(await service.DetailAsync(requestId, cancellationToken))
            : new ApiProblem(result.Status, result.Error!);
    }

    internal static async Task<IResult> DiagnoseAsync(string? email, HttpContext http, SignInDiagnosisService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http).Email("email", email);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(await service.DiagnoseAsync(http.User, email!, cancellationToken));
    }

    internal static async Task<IResult> SendRecoveryLinkAsync(RecoveryLinkRequest? request, HttpContext http, SignInDiagnosisService service, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http).Check(request?.AccountId is not null, "accountId", FieldCodes.Required);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var result = await service.SendRecoveryLinkAsync(request!.AccountId!.Value, cancellationToken);
        return result.Succeeded
            ? TypedResults.Accepted((string?)null, new RecoveryLinkSent("recovery_sent", result.SelfService))
            : new ApiProblem(result.Status, result.Error!);
    }

    /// <summary>A status name (case-insensitive), never a number.</summary>
    public static SupportRequestStatus? ParseStatus(string? value) =>
        value is not null && !value.Any(char.IsDigit) && Enum.TryParse<SupportRequestStatus>(value, ignoreCase: true, out var status)
            && Enum.IsDefined(status)
            ? status
            : null;
}
