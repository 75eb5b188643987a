using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Access;
using Portico.Web.Features.Accounts;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

/// <summary>
/// Where a page request that the policies refused lands (SPEC §1 "no dead ends"): which checks failed, which roles
/// would open the page, and who in the user's own organization can grant one of them — the same explanation the
/// API puts in every 403.
/// </summary>
/// <remarks>
/// The decision is evaluated again here for the signed-in user only (the capability comes from the forbidden
/// redirect), so the query string cannot reveal anything about another person or organization; only people in the
/// user's own organization are named.
/// </remarks>
public sealed class AccessDeniedModel(AppDbContext db, AccessExplainer explainer, Relationships.DelegatedAccessResolver delegations) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    /// <summary>
    /// Where a failed check's fix link points: MFA's (Security info) carries the page being opened, so adding an
    /// authenticator app comes back to it.
    /// </summary>
    public string? FixHref(ExplainedCheck check) =>
        check?.Check == AccessChecks.Mfa && check.Link is { } link && ReturnUrl != "/"
            ? link + "?returnUrl=" + Uri.EscapeDataString(ReturnUrl)
            : check?.Link;

    public AccessExplanation? Explanation { get; private set; }

    /// <summary>The capability is open to every work account of the organization (no role to ask for).</summary>
    public bool AnyMember { get; private set; }

    public bool WorkAccount => User.Kind() == AccountKind.Work;

    public IReadOnlyList<Grantor> Grantors { get; private set; } = [];

    /// <summary>The user already asked for this capability and waits for a decision.</summary>
    public bool RequestPending { get; private set; }

    private static Guid? CustomerInReturnUrl(string returnUrl)
    {
        var parts = returnUrl.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0].Equals("Orgs", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(parts[1], out var id) ? id : null;
    }

    public async Task OnGetAsync(string? capability, string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = Features.SignIn.IndexModel.SafeReturnUrl(returnUrl);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (capability is null || !AccessCatalog.CapabilityById.TryGetValue(capability, out var definition))
        {
            return;
        }

        var organizationId = User.OrganizationId();
        var facts = organizationId is { } id ? await CapabilityHandler.LoadFactsAsync(db, id, cancellationToken) : null;
        var decision = AccessEvaluator.Evaluate(capability, CapabilityHandler.Subject(User), facts);

        // Note: a page of another organization (/Orgs/{orgId}/…) is explained through the caller's delegated-admin
        // relationships there (SPEC §7); only the caller's own colleagues are named.
        if (CustomerInReturnUrl(ReturnUrl) is { } customerId && customerId != organizationId
            && await CapabilityHandler.LoadFactsAsync(db, customerId, cancellationToken) is { } customerFacts)
        {
            var delegated = await CapabilityHandler.DelegatedOrAsync(
                AccessEvaluator.Evaluate(capability, CapabilityHandler.Subject(User), customerFacts), [capability], CapabilityHandler.Subject(User),
                customerFacts, customerId, delegations, User, cancellationToken);
            if (CapabilityHandler.IsDelegated(delegated))
            {
                decision = delegated;
            }
        }

        Explanation = CapabilityHandler.IsDelegated(decision)
            ? await explainer.ExplainAsync(decision, null, cancellationToken, organizationId)
            : await explainer.ExplainAsync(decision, organizationId, cancellationToken);
        AnyMember = definition.AnyMember;

        // Note: the user is not pointed at themselves; the list is for someone else to ask.
        var me = User.AccountId();
        Grantors = [.. Explanation.Grantors.Where(g => g.AccountId != me)];
        RequestPending = me is { } requester && await db.AccessRequests.AnyAsync(
            r => r.RequesterId == requester && r.Capability == capability && r.Status == AccessRequestStatus.Pending, cancellationToken);
    }
}
