using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Shared;

public sealed record MenuItem(string Url, string Label);

public sealed record OtherAccountBanner(string? OrganizationName);

/// <summary>Shown while a provider's agent works in a customer organization through a delegated-admin relationship.</summary>
public sealed record ActingOnBehalfBanner(string CustomerName, string ProviderName, IReadOnlyList<string> Relationships, IReadOnlyList<string> Roles, string UsersUrl);

public sealed record Shell(
    bool SignedIn, string? DisplayName, string? OrganizationName, IReadOnlyList<MenuItem> Menu, OtherAccountBanner? WorkAccountBanner,
    ActingOnBehalfBanner? ActingOnBehalf = null);

/// <summary>
/// What the layout shows for the current user: the menu (from the access catalog, so it never links to a page the
/// user cannot open) and the "you signed in with your personal account" banner.
/// </summary>
public sealed class LayoutModel(AppDbContext db, Relationships.DelegatedAccessResolver delegations)
{
    /// <summary>
    /// Menu entries and the capability each needs; the catalog decides who sees them. A null capability is open to
    /// every signed-in account (My account).
    /// </summary>
    public static readonly IReadOnlyList<(string Url, string Label, string? Capability)> Entries =
    [
        ("/Organization", "Nav.Organization", Capabilities.Organization),
        ("/Users", "Nav.Users", Capabilities.Users),
        ("/AuditLog", "Nav.AuditLog", Capabilities.Audit),
        ("/Customers", "Nav.Customers", Capabilities.Customers),
        ("/Relationships/Admin", "Nav.AdminRelationships", Capabilities.DelegatedAdmin),
        ("/Relationships/Partner", "Nav.PartnerRelationships", Capabilities.Relationships),
        ("/Support", "Nav.Support", Capabilities.Support),
        ("/Operator/Support", "Nav.SupportQueue", OperatorCapabilities.Support),
        ("/Operator/SignInDiagnosis", "Nav.SignInDiagnosis", OperatorCapabilities.SignInDiagnosis),
        ("/Verification", "Nav.Verification", Capabilities.Verification),
        ("/Benefits", "Nav.Benefits", Capabilities.Benefits),
        ("/Referrals", "Nav.Referrals", Capabilities.Referrals),
        ("/Incentives", "Nav.Incentives", Capabilities.Incentives),
        ("/Billing", "Nav.Billing", Capabilities.Billing),
        ("/Marketplace/Offers", "Nav.Offers", Capabilities.Offers),
        ("/Marketplace/Payouts", "Nav.Payouts", Capabilities.Payouts),
        ("/Apps", "Nav.Apps", Capabilities.Apps),
        ("/Insights", "Nav.Insights", Capabilities.Insights),
        ("/Operator/Verification", "Nav.VerificationQueue", OperatorCapabilities.Verification),
        ("/Operator/Incentives/Disputes", "Nav.IncentiveDisputes", OperatorCapabilities.Incentives),
        ("/Access", "Nav.MyAccess", null),
        ("/Profile/Sessions", "Nav.Account", null),
    ];

    /// <summary>
    /// Whether the menu shows an entry: operator capabilities need no organization (staff have none), every other
    /// capability is evaluated against the user's own organization.
    /// </summary>
    private static bool Opens(string capability, AccessSubject? subject, OrganizationFacts? facts) =>
        AccessCatalog.CapabilityById[capability].Operator
            ? AccessEvaluator.Evaluate(capability, subject, null).Allowed
            : facts is not null && AccessEvaluator.Evaluate(capability, subject, facts).Allowed;

    public async Task<Shell> BuildAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || user.MustChangePassword() || user.MfaPending())
        {
            return new Shell(user.Identity?.IsAuthenticated == true, user.Identity?.Name, null, [], null);
        }

        var subject = CapabilityHandler.Subject(user);
        var facts = user.OrganizationId() is { } orgId
            ? await CapabilityHandler.LoadFactsAsync(db, orgId, context.RequestAborted)
            : null;
        var menu = Entries
            .Where(e => e.Capability is null || Opens(e.Capability, subject, facts))
            .Select(e => new MenuItem(e.Url, e.Label))
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
