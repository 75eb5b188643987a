using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Infrastructure.Api;

/// <summary>One field's validation failure inside a problem document.</summary>
public sealed record FieldError(string Field, string Code, string Message);

/// <summary>
/// The problem document every API failure answers with: <c>application/problem+json</c> with a stable
/// <c>error</c> code and a <c>title</c> in the request's language.
/// </summary>
/// <remarks>
/// Note: no trace id or timestamp is added, so failures the public must not tell apart (unknown email, wrong
/// password, locked or blocked account) are byte-identical.
/// </remarks>
public sealed class ApiProblem : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public ApiProblem(int status, string error, IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        StatusCode = status;
        Error = error;
        Errors = errors;
        Extensions = extensions;
    }

    public int? StatusCode { get; }

    public string ContentType => "application/problem+json";

    public string Error { get; }

    public IReadOnlyList<FieldError>? Errors { get; }

    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    /// <summary>Seconds for a <c>Retry-After</c> header, when the client should wait.</summary>
    public int? RetryAfterSeconds { get; init; }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var localizer = httpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

        // Note: an exception handler runs outside the localization middleware's async scope; the negotiated culture
        // is still on the request, so the problem is written in it.
        using var culture = CultureScope.Use(httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://portico.dev/errors/" + Error,
            ["title"] = localizer["Error." + Error].Value,
            ["status"] = StatusCode,
            ["error"] = Error,
        };
        if (Errors is { Count: > 0 })
        {
            body["errors"] = Errors;
        }

        if (Extensions is not null)
        {
            foreach (var (key, value) in Extensions)
            {
                body[key] = value;
            }
        }

        if (RetryAfterSeconds is { } retry)
        {
            httpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = StatusCode ?? 400;
        httpContext.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, body, Json, httpContext.RequestAborted);
    }

    public static ApiProblem BadRequest(string error, params FieldError[] errors) => new(400, error, errors.Length == 0 ? null : errors);

    public static ApiProblem Validation(IReadOnlyList<FieldError> errors) => new(400, ErrorCodes.ValidationFailed, errors);
}

/// <summary>Stable error codes of the API; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class ErrorCodes
{
    public const string InvalidCredentials = "invalid_credentials";
    public const string AccountSelectionRequired = "account_selection_required";
    public const string AuthenticationRequired = "authentication_required";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string MalformedRequest = "malformed_request";
    public const string RequestTooLarge = "request_too_large";
    public const string ValidationFailed = "validation_failed";
    public const string TooManyRequests = "too_many_requests";
    public const string ServerBusy = "server_busy";
    public const string PasswordChangeRequired = "password_change_required";
    public const string MfaRequired = "mfa_required";
    public const string PasswordRejected = "password_rejected";
    public const string CurrentPasswordIncorrect = "current_password_incorrect";
    public const string InvalidCode = "invalid_code";
    public const string Conflict = "conflict";
    public const string InternalError = "internal_error";
    public const string UnsupportedMediaType = "unsupported_media_type";

    // Partner relationships and delegated administration (Features/Relationships)
    public const string PartnerNotFound = "partner_not_found";
    public const string SelfRelationship = "self_relationship";
    public const string ProviderTypeNotAllowed = "provider_type_not_allowed";
    public const string ResellerRelationshipExists = "reseller_relationship_exists";
    public const string CustomerNotFound = "customer_not_found";
    public const string AutoExtendNotAllowed = "auto_extend_not_allowed";
    public const string DuplicatePendingRequest = "duplicate_pending_request";
    public const string RelationshipNotFound = "relationship_not_found";
    public const string RelationshipNotPending = "relationship_not_pending";
    public const string RelationshipExpired = "relationship_expired";
    public const string RelationshipEnded = "relationship_ended";
    public const string RelationshipNotActive = "relationship_not_active";
    public const string GlobalAdminRequired = "global_admin_required";
    public const string AssigneeNotFound = "assignee_not_found";
    public const string AssigneeNotAgent = "assignee_not_agent";
    public const string RoleNotInRelationship = "role_not_in_relationship";
    // Account verification and benefits (issue 6).
    public const string VerificationCheckNotFound = "verification_check_not_found";
    public const string VerificationCheckClosed = "verification_check_closed";
    public const string VerificationCheckNotPending = "verification_check_not_pending";
    public const string VerificationLinkInvalid = "verification_link_invalid";
    public const string PersonalEmailDomain = "personal_email_domain";
    public const string DnsRecordNotIssued = "dns_record_not_issued";
    public const string DnsRecordMismatch = "dns_record_mismatch";
    public const string DnsUnavailable = "dns_unavailable";
    public const string BusinessDetailsRequired = "business_details_required";
    public const string FileRequired = "file_required";
    public const string FileEmpty = "file_empty";
    public const string FileTooLarge = "file_too_large";
    public const string FileTypeNotAccepted = "file_type_not_accepted";
    public const string TooManyDocuments = "too_many_documents";
    public const string UnknownReasonCode = "unknown_reason_code";

    /// <summary>The code for a bare status an API response ended with (unknown route, wrong method or content type).</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => AuthenticationRequired,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => RequestTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => TooManyRequests,
        < 500 => MalformedRequest,
        _ => InternalError,
    };
}

/// <summary>Field-level validation codes (in <c>Validation.&lt;code&gt;</c> resources).</summary>
public static class FieldCodes
{
    public const string Required = "required";
    public const string TooLong = "too_long";
    public const string InvalidEmail = "invalid_email";
    public const string InvalidCharacters = "invalid_characters";
    public const string InvalidValue = "invalid_value";
    public const string OutOfRange = "out_of_range";
    public const string InvalidPhone = "invalid_phone";
    public const string InvalidDomain = "invalid_domain";
}
