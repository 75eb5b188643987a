using System.Collections.Frozen;

namespace Portico.Web.Authorization;

/// <summary>Program ids of the default catalog (SPEC §2).</summary>
public static class Programs
{
    public const string PartnerNetwork = "PartnerNetwork";
    public const string CloudReseller = "CloudReseller";
    public const string Referrals = "Referrals";
    public const string Incentives = "Incentives";
    public const string Insights = "Insights";
    public const string Marketplace = "Marketplace";
    public const string DeveloperPrograms = "DeveloperPrograms";

    public static readonly IReadOnlyList<string> All =
        [PartnerNetwork, CloudReseller, Referrals, Incentives, Insights, Marketplace, DeveloperPrograms];
}

/// <summary>Capability ids (SPEC §3), used by policies, the API, the explainer and access requests.</summary>
public static class Capabilities
{
    public const string Users = "users";
    public const string UsersManage = "users.manage";
    public const string UsersResetPassword = "users.reset-password";
    public const string Locations = "locations";
    public const string Benefits = "benefits";
    public const string Designations = "designations";
    public const string Referrals = "referrals";
    public const string Incentives = "incentives";
    public const string Insights = "insights";
    public const string Customers = "customers";
    public const string Billing = "billing";
    public const string DelegatedAdmin = "delegated-admin";
    public const string Offers = "offers";
    public const string OffersPublish = "offers.publish";
    public const string Payouts = "payouts";
    public const string Apps = "apps";
    public const string Verification = "verification";
    public const string Audit = "audit";
    public const string Support = "support";

    /// <summary>The organization's support requests (all members'); Global admins only.</summary>
    public const string SupportOrganization = "support.organization";
    public const string Organization = "organization";

    // Relationships (SPEC §7): inviting customers (provider side) and answering providers' requests (customer side).
    public const string CustomersInvite = "customers.invite";
    public const string Relationships = "relationships";

    /// <summary>The organization's sign-in security policy (MFA for everyone, self-service password reset); Global admins only.</summary>
    public const string OrganizationSecurity = "organization.security";
}

/// <summary>Capability ids of the operator (vendor staff) side; partners never hold them.</summary>
public static class OperatorCapabilities
{
    public const string Support = "operator.support";
    public const string SignInDiagnosis = "operator.sign-in-diagnosis";
    public const string Verification = "operator.verification";

    /// <summary>The vendor's side of Incentives: the dispute queue (reply, resolve), recording earnings lines and adjusting one by hand.</summary>
    public const string Incentives = "operator.incentives";
}

/// <summary>Role ids of the default catalog (SPEC §3).</summary>
public static class Roles
{
    public const string GlobalAdmin = "GlobalAdmin";
    public const string UserManagementAdmin = "UserManagementAdmin";
    public const string BillingAdmin = "BillingAdmin";
    public const string AdminAgent = "AdminAgent";
    public const string SalesAgent = "SalesAgent";
    public const string HelpdeskAgent = "HelpdeskAgent";
    public const string PartnerProgramAdmin = "PartnerProgramAdmin";
    public const string AccountAdmin = "AccountAdmin";
    public const string ComplianceAdmin = "ComplianceAdmin";
    public const string ReferralsAdmin = "ReferralsAdmin";
    public const string ReferralsUser = "ReferralsUser";
    public const string IncentivesAdmin = "IncentivesAdmin";
    public const string IncentivesUser = "IncentivesUser";
    public const string ExecutiveReportViewer = "ExecutiveReportViewer";
    public const string ReportViewer = "ReportViewer";
    public const string Owner = "Owner";
    public const string Manager = "Manager";
    public const string Developer = "Developer";
    public const string BusinessContributor = "BusinessContributor";
    public const string FinancialContributor = "FinancialContributor";
    public const string Marketer = "Marketer";
}

/// <summary>Operator (vendor staff) roles.</summary>
public static class OperatorRoles
{
    public const string OperatorAdmin = "OperatorAdmin";
    public const string SupportAgent = "SupportAgent";
    public const string VerificationAgent = "VerificationAgent";

    public static readonly IReadOnlyList<string> All = [OperatorAdmin, SupportAgent, VerificationAgent];
}

/// <summary>A capability: what it needs besides a role that opens it.</summary>
/// <param name="Id">The capability id (see <see cref="Capabilities"/>).</param>
/// <param name="Program">The program the organization must be enrolled in, or null for tenant capabilities.</param>
/// <param name="RequiresVerification">The organization must be verified.</param>
/// <param name="Sensitive">MFA must have been completed in the session.</param>
/// <param name="AnyMember">Every work account of the organization has it, whatever its roles.</param>
/// <param name="Operator">An operator capability: held by staff accounts through operator roles, never by partners.</param>
public sealed record CapabilityDefinition(
    string Id, string? Program, bool RequiresVerification = false, bool Sensitive = false, bool AnyMember = false, bool Operator = false);

/// <summary>A role: its area, whether it may be scoped to a location, what it opens and what it may grant.</summary>
public sealed record RoleDefinition(string Id, string Area, bool LocationScopable, IReadOnlyList<string> Opens, IReadOnlyList<string> Grants);

/// <summary>A relationship role: what it opens in the customer organization and which of the customer's roles it may grant there.</summary>
/// <param name="ResetsAdminPasswords">May reset the password of a user holding an admin role (<see cref="AccessCatalog.AdminRoles"/>).</param>
/// <param name="ManagesAdmins">May block or delete a user holding an admin role.</param>
public sealed record DelegableRoleDefinition(
    string Id, IReadOnlyList<string> Opens, IReadOnlyList<string> Grants, bool ResetsAdminPasswords = false, bool ManagesAdmins = false);

/// <summary>
/// The one access model (SPEC §3) as data: programs, capabilities, roles, which roles open which capability and
/// which roles each role may grant. Policies, the menu, role pickers, the explainer and the role-matrix tests all
/// read it; adding a role or capability is a change here and nowhere else.
/// </summary>
public static class AccessCatalog
{
    public const string AreaTenant = "Tenant";
    public const string AreaCloudReseller = "CloudReseller";
    public const string AreaPartnerProgram = "PartnerProgram";
    public const string AreaReferrals = "Referrals";
    public const string AreaIncentives = "Incentives";
    public const string AreaInsights = "Insights";
    public const string AreaMarketplace = "Marketplace";
    public const string AreaOperator = "Operator";

    public static readonly IReadOnlyList<CapabilityDefinition> CapabilityList =
    [
        new(Capabilities.Organization, null, AnyMember: true),
        new(Capabilities.Support, null, AnyMember: true),
        new(Capabilities.SupportOrganization, null),
        new(Capabilities.Users, null),
        new(Capabilities.UsersManage, null),
        new(Capabilities.UsersResetPassword, null),
        new(Capabilities.Locations, null),
        new(Capabilities.Verification, null),
        new(Capabilities.Audit, null),
        new(Capabilities.Benefits, Programs.PartnerNetwork, RequiresVerification: true),
        new(Capabilities.Designations, Programs.PartnerNetwork),
        new(Capabilities.Referrals, Programs.Referrals),
        new(Capabilities.Incentives, Programs.Incentives),
        new(Capabilities.Insights, Programs.Insights),
        new(Capabilities.Customers, Programs.CloudReseller, Sensitive: true),
        new(Capabilities.Billing, Programs.CloudReseller, Sensitive: true),
        new(Capabilities.DelegatedAdmin, Programs.CloudReseller, Sensitive: true),
        new(Capabilities.Offers, Programs.Marketplace),
        new(Capabilities.OffersPublish, Programs.Marketplace, RequiresVerification: true),
        new(Capabilities.Payouts, Programs.Marketplace),
        new(Capabilities.Apps, Programs.DeveloperPrograms),
        new(Capabilities.CustomersInvite, Programs.CloudReseller, Sensitive: true),
        new(Capabilities.Relationships, null),
        new(Capabilities.OrganizationSecurity, null),
    ];

    private static readonly string[] TenantRoles = [Roles.GlobalAdmin, Roles.UserManagementAdmin, Roles.BillingAdmin];
    private static readonly string[] CloudResellerRoles = [Roles.AdminAgent, Roles.SalesAgent, Roles.HelpdeskAgent];
    private static readonly string[] MarketplaceRoles =
        [Roles.Owner, Roles.Manager, Roles.Developer, Roles.BusinessContributor, Roles.FinancialContributor, Roles.Marketer];

    private static readonly string[] ProgramAreaRoles =
    [
        Roles.PartnerProgramAdmin, Roles.AccountAdmin,
        Roles.ReferralsAdmin, Roles.ReferralsUser, Roles.IncentivesAdmin, Roles.IncentivesUser,
        Roles.ExecutiveReportViewer, Roles.ReportViewer,
    ];

    public static readonly IReadOnlyList<RoleDefinition> RoleList =
    [
        new(Roles.GlobalAdmin, AreaTenant, false,
            CapabilityList.Select(c => c.Id).ToArray(),
            [.. TenantRoles, .. CloudResellerRoles, .. ProgramAreaRoles, Roles.ComplianceAdmin, .. MarketplaceRoles]),
        new(Roles.UserManagementAdmin, AreaTenant, false,
            [Capabilities.Users, Capabilities.UsersManage],
            [Roles.UserManagementAdmin, Roles.BillingAdmin]),
        new(Roles.BillingAdmin, AreaTenant, false, [Capabilities.Billing], []),
        new(Roles.AdminAgent, AreaCloudReseller, false,
            [Capabilities.Customers, Capabilities.CustomersInvite, Capabilities.DelegatedAdmin, Capabilities.Billing], []),
        new(Roles.SalesAgent, AreaCloudReseller, false, [Capabilities.Customers, Capabilities.CustomersInvite], []),
        new(Roles.HelpdeskAgent, AreaCloudReseller, false, [Capabilities.Customers], []),
        new(Roles.PartnerProgramAdmin, AreaPartnerProgram, false,
            [Capabilities.Users, Capabilities.Benefits, Capabilities.Designations, Capabilities.Insights, Capabilities.Verification], []),
        new(Roles.AccountAdmin, AreaPartnerProgram, false,
            [Capabilities.Users, Capabilities.Locations, Capabilities.Verification],
            [.. ProgramAreaRoles]),
        new(Roles.ComplianceAdmin, AreaPartnerProgram, false, [Capabilities.Verification], []),
        new(Roles.ReferralsAdmin, AreaReferrals, true, [Capabilities.Referrals], []),
        new(Roles.ReferralsUser, AreaReferrals, true, [Capabilities.Referrals], []),
        new(Roles.IncentivesAdmin, AreaIncentives, true, [Capabilities.Incentives], []),
        new(Roles.IncentivesUser, AreaIncentives, true, [Capabilities.Incentives], []),
        new(Roles.ExecutiveReportViewer, AreaInsights, true, [Capabilities.Insights], []),
        new(Roles.ReportViewer, AreaInsights, true, [Capabilities.Insights], []),
        new(Roles.Owner, AreaMarketplace, false,
            [Capabilities.Users, Capabilities.Offers, Capabilities.OffersPublish, Capabilities.Payouts, Capabilities.Apps, Capabilities.Verification],
            [.. MarketplaceRoles]),
        new(Roles.Manager, AreaMarketplace, false,
            [Capabilities.Users, Capabilities.Offers, Capabilities.Apps, Capabilities.Verification],
            [.. MarketplaceRoles.Where(r => r != Roles.Owner)]),
        new(Roles.Developer, AreaMarketplace, false, [Capabilities.Offers, Capabilities.Apps], []),
        new(Roles.BusinessContributor, AreaMarketplace, false, [Capabilities.Offers, Capabilities.OffersPublish], []),
        new(Roles.FinancialContributor, AreaMarketplace, false, [Capabilities.Payouts], []),
        new(Roles.Marketer, AreaMarketplace, false, [Capabilities.Offers], []),
    ];

    /// <summary>Operator capabilities (staff side); kept apart from <see cref="CapabilityList"/>, which partners see.</summary>
    public static readonly IReadOnlyList<CapabilityDefinition> OperatorCapabilityList =
    [
        new(OperatorCapabilities.Support, null, Operator: true),
        new(OperatorCapabilities.SignInDiagnosis, null, Operator: true),
        new(OperatorCapabilities.Verification, null, Operator: true),
        new(OperatorCapabilities.Incentives, null, Operator: true),
    ];

    /// <summary>Operator roles (SPEC §2) and what they open; staff are created by the CLI, so they grant nothing here.</summary>
    public static readonly IReadOnlyList<RoleDefinition> OperatorRoleList =
    [
        new(OperatorRoles.OperatorAdmin, AreaOperator, false,
            [OperatorCapabilities.Support, OperatorCapabilities.SignInDiagnosis, OperatorCapabilities.Verification, OperatorCapabilities.Incentives], []),
        new(OperatorRoles.SupportAgent, AreaOperator, false, [OperatorCapabilities.Support, OperatorCapabilities.SignInDiagnosis], []),
        new(OperatorRoles.VerificationAgent, AreaOperator, false, [OperatorCapabilities.Verification], []),
    ];

    public static readonly FrozenDictionary<string, CapabilityDefinition> CapabilityById =
        CapabilityList.Concat(OperatorCapabilityList).ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, RoleDefinition> RoleById =
        RoleList.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>Capability id → the roles that open it.</summary>
    public static readonly FrozenDictionary<string, string[]> RolesOpening =
        CapabilityList.Concat(OperatorCapabilityList).ToFrozenDictionary(
            c => c.Id,
            c => RoleList.Concat(OperatorRoleList).Where(r => r.Opens.Contains(c.Id)).Select(r => r.Id).ToArray(),
            StringComparer.Ordinal);

    /// <summary>Roles that make their holder an administrator: resetting or blocking them through a relationship needs the privileged relationship roles.</summary>
    public static readonly IReadOnlyList<string> AdminRoles =
    [
        Roles.GlobalAdmin, Roles.UserManagementAdmin, Roles.BillingAdmin, Roles.PartnerProgramAdmin, Roles.AccountAdmin,
        Roles.ComplianceAdmin, Roles.ReferralsAdmin, Roles.IncentivesAdmin, Roles.Owner, Roles.Manager,
    ];

    /// <summary>The provider's roles that may be assigned relationship roles (SPEC §7).</summary>
    public static readonly IReadOnlyList<string> AgentRoles = [Roles.AdminAgent, Roles.HelpdeskAgent];

    /// <summary>
    /// Delegable relationship roles (SPEC §7) and what each opens in the customer organization, in terms of the same
    /// capabilities the customer's own admins use. Delegated access is always sensitive (MFA in the session).
    /// </summary>
    public static readonly IReadOnlyList<DelegableRoleDefinition> DelegableRoleList =
    [
        new(DelegableRoles.DirectoryReader, [Capabilities.Users], []),
        new(DelegableRoles.UserAdministrator, [Capabilities.Users, Capabilities.UsersManage, Capabilities.UsersResetPassword],
            [.. ProgramAreaRoles, .. MarketplaceRoles.Where(r => r is not (Roles.Owner or Roles.Manager)), Roles.SalesAgent, Roles.HelpdeskAgent]),
        new(DelegableRoles.HelpdeskAdministrator, [Capabilities.Users, Capabilities.UsersResetPassword], []),
        new(DelegableRoles.PrivilegedAuthenticationAdministrator, [Capabilities.Users, Capabilities.UsersResetPassword], [], ResetsAdminPasswords: true),
        new(DelegableRoles.PrivilegedRoleAdministrator, [Capabilities.Users],
            [.. TenantRoles, .. CloudResellerRoles, .. ProgramAreaRoles, Roles.ComplianceAdmin, .. MarketplaceRoles]),
        new(DelegableRoles.GlobalAdministrator,
            [Capabilities.Users, Capabilities.UsersManage, Capabilities.UsersResetPassword, Capabilities.Billing, Capabilities.Audit, Capabilities.Locations],
            [.. TenantRoles, .. CloudResellerRoles, .. ProgramAreaRoles, Roles.ComplianceAdmin, .. MarketplaceRoles],
            ResetsAdminPasswords: true, ManagesAdmins: true),
        new(DelegableRoles.BillingReader, [Capabilities.Billing], []),
    ];

    public static readonly FrozenDictionary<string, DelegableRoleDefinition> DelegableRoleById =
        DelegableRoleList.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>Capability id → the relationship roles that open it in a customer organization (empty: never delegated).</summary>
    public static readonly FrozenDictionary<string, string[]> DelegableRolesOpening =
        CapabilityList.Concat(OperatorCapabilityList).ToFrozenDictionary(
            c => c.Id,
            c => DelegableRoleList.Where(r => r.Opens.Contains(c.Id)).Select(r => r.Id).ToArray(),
            StringComparer.Ordinal);

    public static bool IsRole(string role) => RoleById.ContainsKey(role);

    public static bool IsCapability(string capability) => CapabilityById.ContainsKey(capability);
}
