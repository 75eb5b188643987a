using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;

namespace Portico.Tests.Unit;

/// <summary>The delegated half of the access model as pure rules: the evaluator and the grant rules with relationship roles.</summary>
public sealed class DelegatedAccessTests
{
    private static readonly Guid Provider = Guid.NewGuid();
    private static readonly Guid Customer = Guid.NewGuid();
    private static readonly OrganizationFacts CustomerFacts = new(Customer, [Programs.PartnerNetwork, Programs.CloudReseller], Verified: false);

    private static AccessSubject Agent(bool mfa = true) => new(AccountKind.Work, Provider, [Roles.AdminAgent], mfa);

    private static DelegatedAccess Through(params string[] roles) =>
        new(Provider, "Provider", Customer, [new DelegatedAccessRelationship(Guid.NewGuid(), "R", roles, DateTimeOffset.UtcNow.AddDays(1))]);

    [Fact]
    public void EvaluateDelegated_RoleThatOpensIt_WithMfa_Allows()
    {
        var decision = AccessEvaluator.EvaluateDelegated(Capabilities.UsersResetPassword, Agent(), CustomerFacts, Through(DelegableRoles.HelpdeskAdministrator));

        Assert.True(decision.Allowed);
        Assert.DoesNotContain(decision.Checks, c => c.Check == AccessChecks.Membership);
    }

    [Fact]
    public void EvaluateDelegated_WithoutMfa_IsRefusedOnMfaOnly()
    {
        var decision = AccessEvaluator.EvaluateDelegated(Capabilities.Users, Agent(mfa: false), CustomerFacts, Through(DelegableRoles.DirectoryReader));

        Assert.False(decision.Allowed);
        Assert.Equal([AccessChecks.Mfa], decision.Checks.Where(c => !c.Passed).Select(c => c.Check));
    }

    [Fact]
    public void EvaluateDelegated_MissingRelationshipRole_NamesTheRolesThatWould()
    {
        var decision = AccessEvaluator.EvaluateDelegated(Capabilities.UsersManage, Agent(), CustomerFacts, Through(DelegableRoles.HelpdeskAdministrator));

        Assert.False(decision.Allowed);
        var check = decision.Checks.Single(c => c.Check == AccessChecks.RelationshipRole);
        Assert.False(check.Passed);
        Assert.Equal([DelegableRoles.UserAdministrator, DelegableRoles.GlobalAdministrator], decision.GrantingRoles);
    }

    [Fact]
    public void EvaluateDelegated_NoRelationship_OrAnotherProvidersRelationship_Refuses()
    {
        Assert.False(AccessEvaluator.EvaluateDelegated(Capabilities.Users, Agent(), CustomerFacts, null).Allowed);
        var other = new DelegatedAccess(Guid.NewGuid(), "Other", Customer, Through(DelegableRoles.GlobalAdministrator).Relationships);
        Assert.False(AccessEvaluator.EvaluateDelegated(Capabilities.Users, Agent(), CustomerFacts, other).Allowed);
    }

    [Theory]
    [InlineData(Capabilities.Relationships)]
    [InlineData(Capabilities.DelegatedAdmin)]
    [InlineData(Capabilities.CustomersInvite)]
    [InlineData(Capabilities.Organization)]
    public void EvaluateDelegated_NoRelationshipRoleOpensRelationshipManagement(string capability)
    {
        Assert.False(AccessEvaluator.EvaluateDelegated(capability, Agent(), CustomerFacts, Through([.. DelegableRoles.All])).Allowed);
    }

    [Fact]
    public void GrantableBy_RelationshipRoles_FollowTheCatalog()
    {
        Assert.Contains(Roles.GlobalAdmin, GrantRules.GrantableBy([DelegableRoles.PrivilegedRoleAdministrator]));
        Assert.Contains(Roles.GlobalAdmin, GrantRules.GrantableBy([DelegableRoles.GlobalAdministrator]));
        Assert.DoesNotContain(Roles.GlobalAdmin, GrantRules.GrantableBy([DelegableRoles.UserAdministrator]));
        Assert.DoesNotContain(Roles.UserManagementAdmin, GrantRules.GrantableBy([DelegableRoles.UserAdministrator]));
        Assert.Contains(Roles.ReportViewer, GrantRules.GrantableBy([DelegableRoles.UserAdministrator]));
        Assert.Empty(GrantRules.GrantableBy([DelegableRoles.HelpdeskAdministrator, DelegableRoles.DirectoryReader, DelegableRoles.BillingReader]));
    }

    [Fact]
    public void Catalog_EveryDelegableRoleIsDefined_AndOnlyThoseAreDelegable()
    {
        Assert.Equal(DelegableRoles.All.Order(), AccessCatalog.DelegableRoleList.Select(r => r.Id).Order());
        Assert.All(AccessCatalog.DelegableRoleList, r => Assert.All(r.Opens, c => Assert.True(AccessCatalog.IsCapability(c))));
        Assert.All(AccessCatalog.DelegableRoleList, r => Assert.All(r.Grants, g => Assert.True(AccessCatalog.IsRole(g))));
        Assert.False(DelegableRoles.IsDelegable(Roles.GlobalAdmin));
    }
}
