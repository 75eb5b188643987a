using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Shared;

/// <summary>
/// One menu entry; <paramref name="Hint"/> is the resource key of the line the home page shows under it, and
/// <paramref name="NeedsMfa"/> marks a page the user's roles open once this session has done MFA.
/// </summary>
public sealed record MenuItem(string Url, string Label, string Hint, bool NeedsMfa = false);

/// <summary>A titled group of the menu (a workspace); groups without an entry the user may open are left out.</summary>
public sealed record MenuGroup(string Label, IReadOnlyList<MenuItem> Items);

public sealed record OtherAccountBanner(string? OrganizationName);

/// <summary>Shown while a provider's agent works in a customer organization through a delegated-admin relationship.</summary>
public sealed record ActingOnBehalfBanner(string CustomerName, string ProviderName, IReadOnlyList<string> Relationships, IReadOnlyList<string> Roles, string UsersUrl);

public sealed record Shell(
    bool SignedIn, string? DisplayName, string? OrganizationName, IReadOnlyList<MenuGroup> Menu, OtherAccountBanner? WorkAccountBanner,
    ActingOnBehalfBanner? ActingOnBehalf = null);

/// <summary>
/// What the layout shows for the current user: the menu (from the access catalog, so it never links to a page the
/// user cannot open) and the "you signed in with your personal account" banner.
/// </summary>
public sealed class LayoutModel(AppDbContext db, Relationships.DelegatedAccessResolver delegations)
{
    /// <summary>Menu groups in the order shown: the organization's administration, partnerships, programs, the vendor's staff, the user's own.</summary>
    public static class Groups
    {
        public const string Organization = "Nav.Group.Organization";
        public const string Partnerships = "Nav.Group.Partnerships";
        public const string Programs = "Nav.Group.Programs";
        public const string Marketplace = "Nav.Group.Marketplace";
        public const string Help = "Nav.Group.Help";
        public const string Operator = "Nav.Group.Operator";
        public const string You = "Nav.Group.You";

        public static readonly IReadOnlyList<string> All = [Organization, Partnerships, Programs, Marketplace, Help, Operator, You];
    }

    /// <summary>
    /// Menu entries, their group and the capability each needs; the catalog decides who sees them. A null capability
    /// is open to every signed-in account (My access, My account). Each label <c>Nav.X</c> has a hint <c>NavHint.X</c>.
    /// </summary>
    public static readonly IReadOnlyList<(string Group, string Url, string Label, string? Capability)> Entries =
    [
        (Groups.Organization, "/Organization", "Nav.Organization", Capabilities.Organization),
        (Groups.Organization, "/Users", "Nav.Users", Capabilities.Users),
        (Groups.Organization, "/Verification", "Nav.Verification", Capabilities.Verification),
        (Groups.Organization, "/AuditLog", "Nav.AuditLog", Capabilities.Audit),
        (Groups.Partnerships, "/Customers", "Nav.Customers", Capabilities.Customers),
        (Groups.Partnerships, "/Relationships/Admin", "Nav.AdminRelationships", Capabilities.DelegatedAdmin),
        (Groups.Partnerships, "/Relationships/Partner", "Nav.PartnerRelationships", Capabilities.Relationships),
        (Groups.Partnerships, "/Billing", "Nav.Billing", Capabilities.Billing),
        (Groups.Programs, "/Benefits", "Nav.Benefits", Capabilities.Benefits),
        (Groups.Programs, "/Designations", "Nav.Designations", Capabilities.Designations),
        (Groups.Programs, "/Referrals", "Nav.Referrals", Capabilities.Referrals),
        (Groups.Programs, "/Incentives", "Nav.Incentives", Capabilities.Incentives),
        (Groups.Programs, "/Insights", "Nav.Insights", Capabilities.Insights),
        (Groups.Marketplace, "/Marketplace/Offers", "Nav.Offers", Capabilities.Offers),
        (Groups.Marketplace, "/Marketplace/Payouts", "Nav.Payouts", Capabilities.Payouts),
        (Groups.Marketplace, "/Apps", "Nav.Apps", Capabilities.Apps),
        (Groups.Help, "/Support", "Nav.Support", Capabilities.Support),
        (Groups.Operator, "/Operator/Support", "Nav.SupportQueue", OperatorCapabilities.Support),
        (Groups.Operator, "/Operator/SignInDiagnosis", "Nav.SignInDiagnosis", OperatorCapabilities.SignInDiagnosis),
        (Groups.Operator, "/Operator/Verification", "Nav.VerificationQueue", OperatorCapabilities.Verification),
        (Groups.Operator, "/Operator/Incentives/Disputes", "Nav.IncentiveDisputes", OperatorCapabilities.Incentives),
        (Groups.Operator, "/Operator/Incentives/Earnings", "Nav.IncentiveEarnings", OperatorCapabilities.Incentives),
        (Groups.You, "/Access", "Nav.MyAccess", null),
        (Groups.You, "/Profile/Sessions", "Nav.Account", null),
    ];

    /// <summary>The resource key of the line the home page shows under an entry.</summary>
    public static string HintOf(string label) => "NavHint." + label["Nav.".Length..];

    /// <summary>
    /// Whether the menu shows an entry: operator capabilities need no organization (staff have none), every other
    /// capability is evaluated against the user's own organization. An entry refused only for want of MFA in this
    /// session is shown too, marked: the page it opens says how to complete MFA (no dead end), instead of the user
    /// never learning that their roles open it.
    /// </summary>
    private static Access? Opens(string capability, AccessSubject? subject, OrganizationFacts? facts)
    {
        if (!AccessCatalog.CapabilityById[capability].Operator && facts is null)
        {
            return null;
        }

        var decision = AccessEvaluator.Evaluate(capability, subject, AccessCatalog.CapabilityById[capability].Operator ? null : facts);
        return decision.Allowed ? Access.Open
            : decision.Checks.Where(c => !c.Passed).All(c => c.Check == AccessChecks.Mfa) ? Access.AfterMfa
            : null;
    }

    private enum Access
    {
        Open,
        AfterMfa,
    }

    private Task<Shell>? built;

    /// <summary>The shell of this request; built once, so a page that shows the menu itself (Home) and the layout share it.</summary>
    public Task<Shell> BuildAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return built ??= BuildCoreAsync(context);
    }

    private async Task<Shell> BuildCoreAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.MustChangePassword() || user.MfaPending())
        {
            return new Shell(user.Identity?.IsAuthenticated == true, user.Identity?.Name, null, [], null);
        }

        var subject = CapabilityHandler.Subject(user);
        var facts = user.OrganizationId() is { } orgId
            ? await CapabilityHandler.LoadFactsAsync(db, orgId, context.RequestAborted)
            : null;
        var items = Entries
            .Select(e => (e.Group, Access: e.Capability is null ? Access.Open : Opens(e.Capability, subject, facts),
                Item: new MenuItem(e.Url, e.Label, HintOf(e.Label))))
            .Where(e => e.Access is not null)
            .Select(e => (e.Group, Item: e.Item with { NeedsMfa = e.Access == Access.AfterMfa }))
            .ToList();
        var menu = Groups.All
            .Select(g => new MenuGroup(g, [.. items.Where(e => e.Group == g).Select(e => e.Item)]))
            .Where(g => g.Items.Count > 0)
            .ToList();

        OtherAccountBanner? banner = null;
        if (user.Kind() == AccountKind.Personal)
        {
            var accountId = user.AccountId()!.Value;
            var email = await db.Users.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.NormalizedEmail).SingleAsync(context.RequestAborted);
            var work = await db.Users.AsNoTracking()
                .Where(a => a.Kind == AccountKind.Work && a.NormalizedEmail == email && a.EmailConfirmed)
                .Select(a => new { Name = a.Organization != null ? a.Organization.DisplayName : null })
                .FirstOrDefaultAsync(context.RequestAborted);
            if (work is not null)
            {
                banner = new OtherAccountBanner(work.Name);
            }
        }

        // Note: the resolver answers from this request's authorization decision, without another query.
        ActingOnBehalfBanner? acting = null;
        if (context.GetRouteValue("orgId") is { } route && Guid.TryParse(route.ToString(), out var routeOrg) && routeOrg != user.OrganizationId()
            && delegations.Resolved(routeOrg) is { } delegation)
        {
            acting = new ActingOnBehalfBanner(delegation.CustomerOrganizationName, delegation.ProviderOrganizationName,
                [.. delegation.Relationships.Select(r => r.DisplayName)], [.. delegation.Roles], $"/Orgs/{routeOrg}/Users");
        }

        return new Shell(true, user.Identity.Name, user.FindFirst(PorticoClaims.OrganizationName)?.Value, menu, banner, acting);
    }
}
