namespace Portico.Web.Features.Verification;

/// <summary>An organization's verification as the API and the Verification page show it.</summary>
public sealed record VerificationView(Guid OrganizationId, string OrganizationName, string PartnerId, string Status, IReadOnlyList<CheckView> Checks);

/// <summary>
/// One check: its status, the agent's reason and message (with the help entry explaining the reason), and
/// <c>nextStep</c>, a code for what the partner should do now.
/// </summary>
public sealed record CheckView(
    string Check,
    string Status,
    string? ReasonCode,
    string? Message,
    string? HelpUrl,
    string NextStep,
    DateTime? SubmittedUtc,
    DateTime? DecidedUtc,
    string? Comment,
    EmailCheckView? Email,
    DomainCheckView? Domain,
    BusinessCheckView? Business,
    IReadOnlyList<DocumentView> Documents);

public sealed record EmailCheckView(string? ContactEmail, DateTime? LinkExpiresUtc);

/// <summary>The TXT record to publish: <c>recordName</c> (the domain itself) holding <c>recordValue</c>.</summary>
public sealed record DomainCheckView(string? Domain, string? RecordName, string? RecordValue);

public sealed record BusinessCheckView(string? LegalName, string? AddressLine1, string? AddressLine2, string? City, string? PostalCode, string? Country)
{
    /// <summary>The address on one line, without empty parts.</summary>
    public string AddressText() =>
        string.Join(", ", new[] { AddressLine1, AddressLine2, string.Join(' ', new[] { City, PostalCode }.Where(p => !string.IsNullOrWhiteSpace(p))), Country }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed record DocumentView(Guid Id, string FileName, string ContentType, long Length, DateTime UploadedUtc, string? Comment);

/// <summary>One row of the operator's verification queue.</summary>
public sealed record QueueItem(Guid OrganizationId, string OrganizationName, string PartnerId, string Check, string Status, DateTime? SubmittedUtc, DateTime UpdatedUtc, int Documents);

/// <summary>What the partner should do next for a check (codes of <see cref="CheckView.NextStep"/>).</summary>
public static class NextSteps
{
    public const string SendLink = "send_link";
    public const string OpenLink = "open_link";
    public const string PublishRecord = "publish_record";
    public const string SubmitDetails = "submit_details";
    public const string WaitForReview = "wait_for_review";
    public const string FixNow = "fix_now";
    public const string ContactSupport = "contact_support";
    public const string None = "none";
}

/// <summary>The result of a verification command: success, or a stable error code with its HTTP status.</summary>
public sealed record VerificationOutcome(string? Error = null, int StatusCode = StatusCodes.Status200OK, string? Field = null)
{
    public bool Succeeded => Error is null;

    public static readonly VerificationOutcome Ok = new();

    public static VerificationOutcome Fail(int status, string error, string? field = null) => new(error, status, field);
}

/// <summary>A file as received, before any check.</summary>
public sealed record IncomingFile(string? FileName, byte[] Content);
