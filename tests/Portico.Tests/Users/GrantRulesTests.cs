using Portico.Web.Authorization;

namespace Portico.Tests.Users;

public sealed class GrantRulesTests
{
    private static readonly Guid Tokyo = Guid.NewGuid();
    private static readonly HashSet<Guid> Locations = [Tokyo];

    private static string? Check(string[] actor, RoleGrant[] current, RoleGrant[] requested, bool self = false, int otherAdmins = 1, int otherOwners = 1) =>
        GrantRules.Check(actor, self, current, requested, Locations, otherAdmins, otherOwners);

    [Fact]
    public void Check_GlobalAdminGrantsAnyRole_Allowed() =>
        Assert.Null(Check([Roles.GlobalAdmin], [], [new(Roles.GlobalAdmin), new(Roles.ComplianceAdmin), new(Roles.Owner)]));

    [Fact]
    public void Check_UserManagementAdminGrantsGlobalAdmin_NotGrantable() =>
        Assert.Equal(GrantErrors.NotGrantable, Check([Roles.UserManagementAdmin], [], [new(Roles.GlobalAdmin)]));

    [Fact]
    public void Check_UserManagementAdminGrantsBillingAdmin_Allowed() =>
        Assert.Null(Check([Roles.UserManagementAdmin], [], [new(Roles.BillingAdmin)]));

    [Fact]
    public void Check_AccountAdminGrantsComplianceAdmin_NotGrantable() =>
        Assert.Equal(GrantErrors.NotGrantable, Check([Roles.AccountAdmin], [], [new(Roles.ComplianceAdmin)]));

    [Fact]
    public void Check_AccountAdminGrantsReferralsUserForLocation_Allowed() =>
        Assert.Null(Check([Roles.AccountAdmin], [], [new(Roles.ReferralsUser, Tokyo)]));

    [Fact]
    public void Check_ManagerGrantsOwner_NotGrantable() =>
        Assert.Equal(GrantErrors.NotGrantable, Check([Roles.Manager], [], [new(Roles.Owner)]));

    [Fact]
    public void Check_OwnerGrantsOwner_Allowed() =>
        Assert.Null(Check([Roles.Owner], [], [new(Roles.Owner)]));

    [Fact]
    public void Check_PartnerProgramAdminGrantsAnything_NotGrantable() =>
        Assert.Equal(GrantErrors.NotGrantable, Check([Roles.PartnerProgramAdmin], [], [new(Roles.ReportViewer)]));

    [Fact]
    public void Check_LocationScopedAccountAdmin_GrantsNothing() =>
        Assert.Equal(GrantErrors.NotGrantable, Check([$"{Roles.AccountAdmin}@{Tokyo}"], [], [new(Roles.ReportViewer)]));

    [Fact]
    public void Check_RemoveOwnRole_SelfDemotion() =>
        Assert.Equal(GrantErrors.SelfDemotion, Check([Roles.GlobalAdmin], [new(Roles.GlobalAdmin), new(Roles.BillingAdmin)], [new(Roles.GlobalAdmin)], self: true));

    [Fact]
    public void Check_RemoveLastGlobalAdmin_Refused() =>
        Assert.Equal(GrantErrors.LastGlobalAdmin, Check([Roles.GlobalAdmin], [new(Roles.GlobalAdmin)], [], otherAdmins: 0));

    [Fact]
    public void Check_RemoveGlobalAdminWhileAnotherRemains_Allowed() =>
        Assert.Null(Check([Roles.GlobalAdmin], [new(Roles.GlobalAdmin)], [], otherAdmins: 1));

    [Fact]
    public void Check_RemoveLastOwner_Refused() =>
        Assert.Equal(GrantErrors.LastOwner, Check([Roles.Owner], [new(Roles.Owner)], [], otherOwners: 0));

    [Fact]
    public void Check_TenantRoleScopedToLocation_NotScopable() =>
        Assert.Equal(GrantErrors.NotLocationScopable, Check([Roles.GlobalAdmin], [], [new(Roles.BillingAdmin, Tokyo)]));

    [Fact]
    public void Check_ScopedToForeignLocation_UnknownLocation() =>
        Assert.Equal(GrantErrors.UnknownLocation, Check([Roles.GlobalAdmin], [], [new(Roles.ReportViewer, Guid.NewGuid())]));

    [Fact]
    public void Check_UnknownRole_Refused() =>
        Assert.Equal(GrantErrors.UnknownRole, Check([Roles.GlobalAdmin], [], [new("Emperor")]));
}
