namespace Portico.Web.Features.Verification;

/// <summary>
/// The reason-code catalog for ActionRequired and Rejected decisions. Each code has a title, an explanation and
/// what to do in both resource files (<c>VerificationReason.&lt;code&gt;.*</c>) and an entry (anchor = the code) on
/// the Verification responses help page; agents can only pick codes from here.
/// </summary>
public static class VerificationReasons
{
    public const string DocumentUnreadable = "document_unreadable";
    public const string DocumentExpired = "document_expired";
    public const string DocumentTypeNotAccepted = "document_type_not_accepted";
    public const string NameMismatch = "name_mismatch";
    public const string AddressMismatch = "address_mismatch";
    public const string RegistrationNotFound = "registration_not_found";
    public const string DomainMismatch = "domain_mismatch";
    public const string DnsRecordMissing = "dns_record_missing";
    public const string PersonalEmail = "personal_email";
    public const string InformationIncomplete = "information_incomplete";
    public const string NotEligible = "not_eligible";

    public static readonly IReadOnlyList<string> All =
    [
        DocumentUnreadable, DocumentExpired, DocumentTypeNotAccepted, NameMismatch, AddressMismatch, RegistrationNotFound,
        DomainMismatch, DnsRecordMissing, PersonalEmail, InformationIncomplete, NotEligible,
    ];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);

    /// <summary>The help page entry explaining <paramref name="code"/>.</summary>
    public static string HelpUrl(string code) => "/Verification/Responses#" + code;
}
