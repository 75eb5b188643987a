using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;

namespace Portico.Tests.Unit;

public sealed class AccessEvaluatorTests
{
    private static readonly Guid OrgId = Guid.NewGuid();
    private static readonly OrganizationFacts Enrolled = new(OrgId, Programs.All, Verified: true);

    private static AccessSubject Work(params string[] roles) => new(AccountKind.Work, OrgId, roles, MfaCompleted: false);

    private static AccessSubject Staff(params string[] roles) => new(AccountKind.Staff, null, roles, MfaCompleted: false);

    private static bool Failed(AccessDecision decision, string check) => decision.Checks.Any(c => c.Check == check && !c.Passed);

    [Fact]
    public void Evaluate_RoleOpensCapability_Allows()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Users, Work(Roles.UserManagementAdmin), Enrolled);

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void Evaluate_LocationScopedRole_CountsAsHoldingIt()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Referrals, Work(Roles.ReferralsUser + "@" + Guid.NewGuid()), Enrolled);

        Assert.True(decision.Allowed);
    }

    [Fact]
    public void Evaluate_ProgramNotEnrolled_DeniesOnEnrollmentOnly()
    {
        var organization = Enrolled with { Programs = [Programs.PartnerNetwork] };

        var decision = AccessEvaluator.Evaluate(Capabilities.Referrals, Work(Roles.ReferralsAdmin), organization);

        Assert.False(decision.Allowed);
        Assert.Equal([AccessChecks.ProgramEnrollment], decision.Checks.Where(c => !c.Passed).Select(c => c.Check));
    }

    [Fact]
    public void Evaluate_SensitiveCapabilityWithoutMfa_FailsMfaCheck()
    {
        var withoutMfa = AccessEvaluator.Evaluate(Capabilities.Customers, Work(Roles.AdminAgent), Enrolled);
        var withMfa = AccessEvaluator.Evaluate(Capabilities.Customers, Work(Roles.AdminAgent) with { MfaCompleted = true }, Enrolled);

        Assert.True(Failed(withoutMfa, AccessChecks.Mfa));
        Assert.True(withMfa.Allowed);
    }

    [Fact]
    public void Evaluate_UnverifiedOrganization_FailsVerificationForBenefits()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Benefits, Work(Roles.GlobalAdmin), Enrolled with { Verified = false });

        Assert.True(Failed(decision, AccessChecks.Verification));
    }

    [Fact]
    public void Evaluate_OtherOrganization_FailsMembership()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Users, Work(Roles.GlobalAdmin), Enrolled with { Id = Guid.NewGuid() });

        Assert.True(Failed(decision, AccessChecks.Membership));
    }

    [Fact]
    public void Evaluate_PersonalAccount_FailsWorkAccount()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Organization, new AccessSubject(AccountKind.Personal, null, [], true), null);

        Assert.True(Failed(decision, AccessChecks.WorkAccount));
    }

    [Fact]
    public void Evaluate_OperatorCapabilityForStaffWithRole_Allows()
    {
        var decision = AccessEvaluator.Evaluate(OperatorCapabilities.SignInDiagnosis, Staff(OperatorRoles.SupportAgent), null);

        Assert.True(decision.Allowed);
        Assert.Equal([OperatorRoles.OperatorAdmin, OperatorRoles.SupportAgent], decision.GrantingRoles);
    }

    [Fact]
    public void Evaluate_OperatorCapabilityForStaffWithOtherRole_FailsRole()
    {
        var decision = AccessEvaluator.Evaluate(OperatorCapabilities.Verification, Staff(OperatorRoles.SupportAgent), null);

        Assert.True(Failed(decision, AccessChecks.Role));
    }

    [Fact]
    public void Evaluate_OperatorCapabilityForPartnerGlobalAdmin_FailsStaffAccount()
    {
        var decision = AccessEvaluator.Evaluate(OperatorCapabilities.Support, Work(Roles.GlobalAdmin), Enrolled);

        Assert.False(decision.Allowed);
        Assert.True(Failed(decision, AccessChecks.StaffAccount));
    }

    [Fact]
    public void Evaluate_PartnerCapabilityForStaff_FailsWorkAccount()
    {
        var decision = AccessEvaluator.Evaluate(Capabilities.Users, Staff(OperatorRoles.OperatorAdmin), Enrolled);

        Assert.True(Failed(decision, AccessChecks.WorkAccount));
    }

    [Fact]
    public void Catalog_GlobalAdmin_OpensNoOperatorCapability()
    {
        var opens = AccessCatalog.RoleById[Roles.GlobalAdmin].Opens;

        Assert.DoesNotContain(opens, c => AccessCatalog.CapabilityById[c].Operator);
    }
}
