using BenchmarkDotNet.Attributes;
using Portico.Web.Authorization;
using Portico.Web.Features.Accounts;

namespace Portico.Bench.Users;

/// <summary>The in-process cost of one access decision, as the policy handler makes it on every request.</summary>
[MemoryDiagnoser]
public class AccessDecisionBenchmark
{
    private static readonly Guid OrgId = Guid.CreateVersion7();
    private readonly OrganizationFacts organization = new(OrgId, [Programs.PartnerNetwork, Programs.CloudReseller, Programs.Referrals], Verified: true);
    private readonly AccessSubject globalAdmin = new(AccountKind.Work, OrgId, [Roles.GlobalAdmin], MfaCompleted: true);
    private readonly AccessSubject salesAgent = new(AccountKind.Work, OrgId, [Roles.SalesAgent, Roles.ReportViewer + "@" + Guid.Empty], MfaCompleted: false);
    private readonly AccessSubject manyRoles = new(AccountKind.Work, OrgId,
        [Roles.ReportViewer, Roles.ReferralsUser, Roles.IncentivesUser, Roles.Marketer, Roles.Developer, Roles.SalesAgent, Roles.AccountAdmin], MfaCompleted: true);

    /// <summary>Allowed: a Global admin opens users.</summary>
    [Benchmark]
    public AccessDecision Allowed_GlobalAdmin_Users() => AccessEvaluator.Evaluate(Capabilities.Users, globalAdmin, organization);

    /// <summary>Denied twice over: a Sales agent without MFA opens billing (sensitive, other roles).</summary>
    [Benchmark]
    public AccessDecision Denied_SalesAgentNoMfa_Billing() => AccessEvaluator.Evaluate(Capabilities.Billing, salesAgent, organization);

    /// <summary>Allowed by the last of seven roles.</summary>
    [Benchmark]
    public AccessDecision Allowed_SevenRoles_Locations() => AccessEvaluator.Evaluate(Capabilities.Locations, manyRoles, organization);

    /// <summary>Denied: nobody signed in.</summary>
    [Benchmark]
    public AccessDecision Denied_Anonymous_Users() => AccessEvaluator.Evaluate(Capabilities.Users, null, organization);
}
