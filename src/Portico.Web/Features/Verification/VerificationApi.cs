using Microsoft.AspNetCore.Http.Features;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Verification;

public sealed record SendLinkRequest(string? Email);

public sealed record DomainRecordRequest(string? Domain);

public sealed record BusinessDetailsRequest(string? LegalName, string? AddressLine1, string? AddressLine2, string? City, string? PostalCode, string? Country);

public sealed record DecisionRequest(string? Decision, string? ReasonCode, string? Message);

public sealed record VerificationQueueResponse(IReadOnlyList<QueueItem> Items);

/// <summary>
/// Account verification API (SPEC §8, §10): the partner's checks under <c>/orgs/{orgId}/verification</c> (capability
/// <c>verification</c>) and the VerificationAgent's queue and decisions under <c>/operator/verification</c>
/// (operator capability <c>operator.verification</c>; partners never reach it).
/// </summary>
public static class VerificationApi
{
    /// <summary>Largest upload request: one 10 MB document plus the multipart framing and a comment.</summary>
    public const long MaxUploadRequestBytes = VerificationDocument.MaxBytes + (64 * 1024);

    public static IEndpointRouteBuilder MapVerificationApi(this IEndpointRouteBuilder api)
    {
        var partner = api.MapGroup("/orgs/{orgId:guid}/verification")
            .RequireAuthorization(CapabilityPolicyProvider.For(Capabilities.Verification));
        partner.MapGet("", GetAsync)
            .WithName("GetVerification")
            .WithSummary("The organization's verification: each check (email, domain, business) with its status, the agent's reason and message, and the next step.");
        partner.MapPost("/checks/email/link", SendLinkAsync)
            .WithName("SendVerificationEmailLink")
            .WithSummary("Email ownership: mails a single-use link (24 hours) to the primary contact's work address; personal-mail domains are refused.");
        partner.MapPost("/checks/domain/record", IssueRecordAsync)
            .WithName("IssueVerificationDnsRecord")
            .WithSummary("Employment/domain: chooses the DNS domain and returns the TXT record to publish in it.");
        partner.MapPost("/checks/domain/lookup", LookupAsync)
            .WithName("CheckVerificationDnsRecord")
            .WithSummary("Employment/domain: looks the TXT record up; a match accepts the check, otherwise 422 dns_record_mismatch and nothing changes.");
        partner.MapPut("/checks/business", SubmitBusinessAsync)
            .WithName("SubmitVerificationBusinessDetails")
            .WithSummary("Business: legal name and address, submitted for review (the check becomes Pending).");
        partner.MapPost("/checks/{check}/documents", UploadAsync)
            .WithName("UploadVerificationDocuments")
            .WithSummary("Fix now: multipart/form-data with one or more `files` (PDF, PNG or JPEG by content; at most 10 MB each) and a `comment`; the check returns to Pending.");

        // Note: no Accepts<IFormFile>() metadata: it would make routing answer 415 before authorization, so a caller
        // without the capability could learn the route exists; the handler checks the content type itself.
        partner.MapGet("/documents/{documentId:guid}", DownloadAsync)
            .WithName("DownloadVerificationDocument")
            .WithSummary("A document the organization uploaded, always as an attachment.");

        var agent = api.MapGroup("/operator/verification")
            .RequireAuthorization(CapabilityPolicyProvider.For(OperatorCapabilities.Verification));
        agent.MapGet("", QueueAsync)
            .WithName("GetVerificationQueue")
            .WithSummary("The verification queue, oldest submission first; filters: check, status (default Pending), org (name or Partner ID).");
        agent.MapGet("/{organizationId:guid}", GetForAgentAsync)
            .WithName("GetVerificationForAgent")
            .WithSummary("One organization's checks and documents, for review.");
        agent.MapPost("/{organizationId:guid}/checks/{check}", DecideAsync)
            .WithName("DecideVerificationCheck")
            .WithSummary("Decides a Pending check: Accept, ActionRequired (reasonCode from the catalog and a message) or Reject. 409 verification_check_not_pending otherwise.");
        agent.MapGet("/{organizationId:guid}/documents/{documentId:guid}", DownloadForAgentAsync)
            .WithName("DownloadVerificationDocumentForAgent")
            .WithSummary("A partner's document, as an attachment; the download is audited in the organization's log.");
        return api;
    }

    internal static async Task<IResult> GetAsync(Guid orgId, VerificationService verification, CancellationToken cancellationToken) =>
        await verification.GetAsync(orgId, cancellationToken) is { } view ? TypedResults.Ok(view) : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    internal static async Task<IResult> SendLinkAsync(Guid orgId, SendLinkRequest? body, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http).Email("email", body?.Email);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return await ResultAsync(http, orgId, verification, await verification.SendEmailLinkAsync(http.User, orgId, body!.Email!, cancellationToken), StatusCodes.Status202Accepted, cancellationToken);
    }

    internal static async Task<IResult> IssueRecordAsync(Guid orgId, DomainRecordRequest? body, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http).Text("domain", body?.Domain, Organizations.OrganizationDomain.DomainMaxLength);
        if (validate.IsValid)
        {
            validate.Check(VerificationService.NormalizeDomain(body!.Domain) is not null, "domain", FieldCodes.InvalidDomain);
        }

        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return await ResultAsync(http, orgId, verification, await verification.IssueDomainRecordAsync(orgId, body!.Domain!, cancellationToken), StatusCodes.Status200OK, cancellationToken);
    }

    internal static async Task<IResult> LookupAsync(Guid orgId, HttpContext http, VerificationService verification, CancellationToken cancellationToken) =>
        await ResultAsync(http, orgId, verification, await verification.ConfirmDomainAsync(orgId, cancellationToken), StatusCodes.Status200OK, cancellationToken);

    internal static async Task<IResult> SubmitBusinessAsync(Guid orgId, BusinessDetailsRequest? body, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        var validate = ValidateBusiness(Validate.For(http), body?.LegalName, body?.AddressLine1, body?.AddressLine2, body?.City, body?.PostalCode, body?.Country);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var details = new BusinessCheckView(body!.LegalName, body.AddressLine1, body.AddressLine2, body.City, body.PostalCode, body.Country);
        return await ResultAsync(http, orgId, verification, await verification.SubmitBusinessAsync(orgId, details, cancellationToken), StatusCodes.Status200OK, cancellationToken);
    }

    /// <summary>The business form's rules, shared by the API and the Verification page.</summary>
    public static Validate ValidateBusiness(Validate validate, string? legalName, string? line1, string? line2, string? city, string? postalCode, string? country)
    {
        ArgumentNullException.ThrowIfNull(validate);
        return validate
            .Text("legalName", legalName, VerificationCheck.LegalNameMaxLength)
            .Text("addressLine1", line1, VerificationCheck.AddressLineMaxLength)
            .Text("addressLine2", line2, VerificationCheck.AddressLineMaxLength, required: false)
            .Text("city", city, VerificationCheck.CityMaxLength)
            .Text("postalCode", postalCode, VerificationCheck.PostalCodeMaxLength)
            .Text("country", country, 2)
            .Check(string.IsNullOrWhiteSpace(country) || IsCountry(country.Trim()), "country", FieldCodes.InvalidValue);
    }

    public static bool IsCountry(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetter))
        {
            return false;
        }

        try
        {
            _ = new System.Globalization.RegionInfo(code);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static async Task<IResult> UploadAsync(Guid orgId, string check, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        if (!VerificationService.TryParseCheck(check, out var kind))
        {
            return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.VerificationCheckNotFound);
        }

        if (!http.Request.HasFormContentType || !(http.Request.ContentType ?? "").StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(
                new FormOptions { MultipartBodyLengthLimit = MaxUploadRequestBytes, ValueCountLimit = 16, ValueLengthLimit = 8 * 1024 },
                cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ApiProblem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge);
        }
        catch (InvalidDataException)
        {
            // Note: malformed multipart framing, or a part beyond the form limits.
            return new ApiProblem(StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest);
        }

        var comment = form["comment"].ToString();
        var validate = Validate.For(http).Text("comment", comment, VerificationCheck.CommentMaxLength, required: false);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var files = await ReadFilesAsync(form.Files, cancellationToken);
        var outcome = await verification.UploadDocumentsAsync(orgId, http.User.AccountId()!.Value, kind, files, comment, cancellationToken);
        return await ResultAsync(http, orgId, verification, outcome, StatusCodes.Status201Created, cancellationToken);
    }

    /// <summary>Reads uploaded files into memory; each is bounded by the request limit, so at most ~10 MB.</summary>
    public static async Task<IReadOnlyList<IncomingFile>> ReadFilesAsync(IEnumerable<IFormFile> files, CancellationToken cancellationToken)
    {
        var result = new List<IncomingFile>();
        foreach (var file in files ?? [])
        {
            using var buffer = new MemoryStream((int)Math.Min(file.Length, MaxUploadRequestBytes));
            await file.CopyToAsync(buffer, cancellationToken);
            result.Add(new IncomingFile(file.FileName, buffer.ToArray()));
        }

        return result;
    }

    internal static async Task<IResult> DownloadAsync(Guid orgId, Guid documentId, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        var document = await verification.DocumentAsync(orgId, documentId, cancellationToken);
        return document is null ? new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound) : Attachment(http, document);
    }

    internal static async Task<IResult> QueueAsync(string? check, string? status, string? org, int? limit, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        VerificationCheckKind? kind = null;
        VerificationCheckStatus? state = VerificationCheckStatus.Pending;
        var validate = Validate.For(http).Text("org", org, 200, required: false);
        if (!string.IsNullOrEmpty(check))
        {
            validate.Check(VerificationService.TryParseCheck(check, out var k), "check", FieldCodes.InvalidValue);
            kind = k;
        }

        if (!string.IsNullOrEmpty(status))
        {
            var any = string.Equals(status, "any", StringComparison.OrdinalIgnoreCase);
            validate.Check(any || (Enum.TryParse<VerificationCheckStatus>(status, ignoreCase: false, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _)), "status", FieldCodes.InvalidValue);
            state = any ? null : Enum.TryParse<VerificationCheckStatus>(status, out var parsed) ? parsed : null;
        }

        validate.Check(limit is null or (>= 1 and <= 200), "limit", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        return TypedResults.Ok(new VerificationQueueResponse(await verification.QueueAsync(kind, state, org, limit ?? 50, cancellationToken)));
    }

    internal static async Task<IResult> GetForAgentAsync(Guid organizationId, VerificationService verification, CancellationToken cancellationToken) =>
        await verification.GetAsync(organizationId, cancellationToken) is { } view ? TypedResults.Ok(view) : new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);

    internal static async Task<IResult> DecideAsync(
        Guid organizationId, string check, DecisionRequest? body, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        if (!VerificationService.TryParseCheck(check, out var kind))
        {
            return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.VerificationCheckNotFound);
        }

        var validate = ValidateDecision(Validate.For(http), body?.Decision, body?.ReasonCode, body?.Message, out var decision);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var outcome = await verification.DecideAsync(http.User, organizationId, kind, decision, body!.ReasonCode, body.Message, cancellationToken);
        if (!outcome.Succeeded)
        {
            return new ApiProblem(outcome.StatusCode, outcome.Error!);
        }

        return TypedResults.Ok(await verification.GetAsync(organizationId, cancellationToken));
    }

    /// <summary>
    /// A decision is <c>Accept</c>, <c>ActionRequired</c> (reason code from the catalog and a message the partner acts on)
    /// or <c>Reject</c> (reason code from the catalog).
    /// </summary>
    public static Validate ValidateDecision(Validate validate, string? decisionText, string? reasonCode, string? message, out VerificationCheckStatus decision)
    {
        ArgumentNullException.ThrowIfNull(validate);
        decision = decisionText switch
        {
            "Accept" => VerificationCheckStatus.Accepted,
            "ActionRequired" => VerificationCheckStatus.ActionRequired,
            "Reject" => VerificationCheckStatus.Rejected,
            _ => VerificationCheckStatus.NotStarted,
        };
        validate.Text("decision", decisionText, 32)
            .Check(string.IsNullOrEmpty(decisionText) || decision != VerificationCheckStatus.NotStarted, "decision", FieldCodes.InvalidValue)
            .Text("message", message, VerificationCheck.ReasonMessageMaxLength, required: decision == VerificationCheckStatus.ActionRequired);
        if (decision is VerificationCheckStatus.ActionRequired or VerificationCheckStatus.Rejected)
        {
            validate.Text("reasonCode", reasonCode, 64)
                .Check(string.IsNullOrEmpty(reasonCode) || VerificationReasons.IsKnown(reasonCode), "reasonCode", ErrorCodes.UnknownReasonCode);
        }

        return validate;
    }

    internal static async Task<IResult> DownloadForAgentAsync(Guid organizationId, Guid documentId, HttpContext http, VerificationService verification, CancellationToken cancellationToken)
    {
        var document = await verification.DocumentAsync(organizationId, documentId, cancellationToken);
        if (document is null)
        {
            return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        }

        await verification.RecordStaffDownloadAsync(document, cancellationToken);
        return Attachment(http, document);
    }

    /// <summary>
    /// Always an attachment with the sniffed type, never rendered inline: <c>nosniff</c> and a sandboxing CSP make a
    /// crafted file inert even if a browser were asked to show it.
    /// </summary>
    public static IResult Attachment(HttpContext http, VerificationDocument document)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(document);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-store";
        var contentType = document.ContentType is DocumentFiles.Pdf or DocumentFiles.Png or DocumentFiles.Jpeg ? document.ContentType : "application/octet-stream";
        return TypedResults.File(document.Content, contentType, document.FileName);
    }

    private static async Task<IResult> ResultAsync(HttpContext http, Guid orgId, VerificationService verification, VerificationOutcome outcome, int successStatus, CancellationToken cancellationToken)
    {
        if (!outcome.Succeeded)
        {
            if (outcome.Error == ErrorCodes.ValidationFailed && outcome.Field is { } field)
            {
                return Validate.For(http).Check(false, field, FieldCodes.InvalidDomain).ToProblem();
            }

            return new ApiProblem(outcome.StatusCode, outcome.Error!, outcome.Field is null || outcome.Error is not (ErrorCodes.PersonalEmailDomain)
                ? null
                : [new FieldError(outcome.Field, outcome.Error!, Localized(http, "Error." + outcome.Error))]);
        }

        var view = await verification.GetAsync(orgId, cancellationToken);
        return successStatus switch
        {
            StatusCodes.Status201Created => TypedResults.Created($"/api/v1/orgs/{orgId}/verification", view),
            StatusCodes.Status202Accepted => TypedResults.Accepted($"/api/v1/orgs/{orgId}/verification", view),
            _ => TypedResults.Ok(view),
        };
    }

    private static string Localized(HttpContext http, string key) =>
        http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource>>()[key].Value;
}
