namespace Portico.Web.Features.AuditLog;

/// <summary>
/// Audit event types, grouped in blocks of 100 per area. Values are never renumbered or reused; the name is
/// what is stored, so rows stay readable in both databases.
/// </summary>
public enum AuditEventType
{
    // 1xx: sign-in and sessions
    SignInSucceeded = 100,
    SignInFailed = 101,
    AccountLockedOut = 102,
    SignedOut = 103,
    SessionEnded = 104,
    AccountSelectionRequired = 105,

    // 2xx: credentials
    PasswordChanged = 200,
    PasswordRehashed = 201,
    InvitationAccepted = 202,

    // 3xx: accounts
    AccountCreated = 300,
    PersonalSignUpRequested = 301,
    PersonalAccountVerified = 302,
    PersonalSignUpCodeRejected = 303,
    StaffCreated = 304,
    AccountsImported = 305,
    PreferredLanguageChanged = 306,

    // 4xx: organizations
    OrganizationCreated = 400,

    // 5xx: user management
    UserRolesChanged = 500,
    UserBlocked = 501,
    UserUnblocked = 502,
    UserDeleted = 503,
    PasswordResetByAdmin = 504,

    // 6xx: access requests
    AccessRequested = 600,
    AccessRequestApproved = 601,
    AccessRequestDenied = 602,

    // 9xx: account verification (checks, documents, decisions)
    VerificationEmailLinkSent = 900,
    VerificationEmailConfirmed = 901,
    VerificationDomainRecordIssued = 902,
    VerificationDomainConfirmed = 903,
    VerificationBusinessDetailsSubmitted = 904,
    VerificationDocumentsUploaded = 905,
    VerificationCheckDecided = 906,
    VerificationDocumentDownloaded = 907,
}
