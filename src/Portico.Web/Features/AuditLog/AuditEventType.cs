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

    // 7xx: security info, MFA and password recovery
    PasswordRecovered = 700,
    PasswordRecoveryRequested = 701,
    PasswordRecoveryLinkRejected = 702,
    MfaCompleted = 710,
    MfaFailed = 711,
    Reauthenticated = 712,
    ReauthenticationFailed = 713,
    AuthenticatorAdded = 720,
    AuthenticatorRemoved = 721,
    RecoveryCodesGenerated = 722,
    RecoveryCodeUsed = 723,
    AlternateEmailVerified = 724,
    AlternateEmailRemoved = 725,
    PhoneVerified = 726,
    PhoneRemoved = 727,
    PasskeyAdded = 728,
    PasskeyRemoved = 729,
    OrganizationSecurityPolicyChanged = 750,

    // 8xx: partner relationships and delegated administration (actions taken through a relationship keep their own
    // types, with ActingViaOrganizationId and details.delegation, in both organizations' chains)
    ResellerRelationshipInvited = 800,
    ResellerRelationshipAccepted = 801,
    ResellerRelationshipDeclined = 802,
    ResellerRelationshipEnded = 803,
    ResellerRelationshipWithdrawn = 804,
    DelegatedAdminRequested = 810,
    DelegatedAdminApproved = 811,
    DelegatedAdminDeclined = 812,
    DelegatedAdminTerminated = 813,
    DelegatedAdminExpired = 814,
    DelegatedAdminRequestExpired = 815,
    DelegatedAdminExtended = 816,
    DelegatedAdminExpiryReminderSent = 817,
    DelegatedAdminAssignmentChanged = 818,

    // 10xx: support requests and sign-in diagnosis
    SupportRequestCreated = 1000,
    SupportRequestSuppressed = 1001,
    SupportReplyByRequester = 1002,
    SupportReplyByStaff = 1003,
    SupportStatusChanged = 1004,
    SignInDiagnosisViewed = 1010,
    RecoveryLinkSentByStaff = 1011,

    // 11xx: program areas
    DealCreated = 1100,
    DealUpdated = 1101,
    DealReassigned = 1102,
    DealStatusChanged = 1103,
    DealCloseSummaryExported = 1104,
    EarningLineRecorded = 1110,
    EarningDisputeOpened = 1111,
    EarningDisputeCommented = 1112,
    EarningDisputeWithdrawn = 1113,
    EarningDisputeResolved = 1114,
    EarningDisputeVendorReplied = 1115,
    EarningLinesImported = 1116,
    EarningLineAdjusted = 1117,
    OfferCreated = 1120,
    OfferUpdated = 1121,
    OfferPublished = 1122,
    OfferUnpublished = 1123,
    AppCreated = 1130,
    AppUpdated = 1131,
    AppDisabled = 1132,
    AppEnabled = 1133,
    AppDeleted = 1134,
    AppSecretCreated = 1135,
    AppSecretRevoked = 1136,
    InsightsReportExported = 1140,
    InvoiceIssued = 1150,
    BillingProfileUpdated = 1151,
    PayoutStatementRecorded = 1160,
    PayoutAccountChanged = 1161,
    CertificationAdded = 1170,
    CertificationUpdated = 1171,
    CertificationRemoved = 1172,
    DeploymentAdded = 1173,
    DeploymentUpdated = 1174,
    DeploymentRemoved = 1175,
    DesignationEarned = 1176,
    DesignationRenewed = 1177,

    // 9xx: account verification (checks, documents, decisions)
    VerificationEmailLinkSent = 900,
    VerificationEmailConfirmed = 901,
    VerificationDomainRecordIssued = 902,
    VerificationDomainConfirmed = 903,
    VerificationBusinessDetailsSubmitted = 904,
    VerificationDocumentsUploaded = 905,
    VerificationCheckDecided = 906,
    VerificationDocumentDownloaded = 907,

    // 12xx: audit housekeeping
    AuditRetentionApplied = 1200,
}
