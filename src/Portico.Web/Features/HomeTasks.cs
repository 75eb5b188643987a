using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Access;
using Portico.Web.Features.Designations;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Relationships;
using Portico.Web.Features.Shared;
using Portico.Web.Features.Support;
using Portico.Web.Features.Verification;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features;

/// <summary>
/// One thing waiting for the signed-in user, shown on the home page: <paramref name="Text"/> is a resource key taking
/// the count, <paramref name="Url"/> the page where it is done.
/// </summary>
public sealed record HomeTask(string Text, int Count, string Url, string LinkText);

/// <summary>
/// What waits for the signed-in user across the portal (access requests to decide, invitations and delegated-admin
/// requests to answer, verification checks needing action, support replies, the operator's queues).
/// </summary>
/// <remarks>
/// Each kind is asked only when the user's menu holds the page where it is done, so the catalog that decides the menu
/// also decides what is counted here: nobody is told about work they could not open.
/// </remarks>
public sealed class HomeTasks(AppDbContext db, AccessRequestService accessRequests, DesignationService designations, TimeProvider time)
{
    /// <summary>Delegated-admin relationships ending within this many days are shown to the provider (the 30-day reminder's horizon).</summary>
    public const int EndingSoonDays = 30;

    public async Task<IReadOnlyList<HomeTask>> ForAsync(ClaimsPrincipal user, IReadOnlyList<MenuGroup> menu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(menu);
        // Note: a page that waits for MFA in this session counts nothing until it is done.
        var pages = menu.SelectMany(g => g.Items).Where(i => !i.NeedsMfa).Select(i => i.Url).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tasks = new List<HomeTask>();
        var me = user.AccountId();
        var orgId = user.OrganizationId();
        var now = time.GetUtcNow();

        if (orgId is { } org && me is { } self)
        {
            var pending = await accessRequests.ListAsync(user, org, cancellationToken, includeDecided: false);
            Add(tasks, "Home.Task.AccessRequestsToDecide", pending.Count(r => r.RequesterId != self), "/Access/Requests", "Home.Task.Review");
            Add(tasks, "Home.Task.OwnAccessRequests", pending.Count(r => r.RequesterId == self), "/Access", "Home.Task.Open");
        }

        if (orgId is { } customer && pages.Contains("/Relationships/Partner"))
        {
            var invitations = await db.ResellerRelationships.AsNoTracking()
                .CountAsync(r => r.ResellerOrganizationId == customer && r.Status == ResellerRelationshipStatus.Pending, cancellationToken);
            Add(tasks, "Home.Task.ResellerInvitations", invitations, "/Relationships/Partner", "Home.Task.Answer");

            // Note: an unanswered request expires after 90 days; the status is worked out from the dates, as the pages do.
            var requested = await db.DelegatedAdminRelationships.AsNoTracking()
                .Where(r => r.CustomerOrganizationId == customer && r.Status == DelegatedAdminRelationshipStatus.ApprovalPending)
                .ToListAsync(cancellationToken);
            Add(tasks, "Home.Task.DelegatedAdminApprovals",
                requested.Count(r => RelationshipQueries.EffectiveStatus(r, now) == DelegatedAdminRelationshipStatus.ApprovalPending),
                "/Relationships/Partner", "Home.Task.Answer");
        }

        if (orgId is { } provider && pages.Contains("/Relationships/Admin"))
        {
            var active = await db.DelegatedAdminRelationships.AsNoTracking()
                .Where(r => r.ProviderOrganizationId == provider && r.Status == DelegatedAdminRelationshipStatus.Active && !r.AutoExtend)
                .ToListAsync(cancellationToken);
            var horizon = now.AddDays(EndingSoonDays);
            Add(tasks, "Home.Task.DelegatedAdminEnding",
                active.Count(r => r.EndsAt is { } ends && ends > now && ends <= horizon), "/Relationships/Admin", "Home.Task.Open");
        }

        if (orgId is { } verified && pages.Contains("/Verification"))
        {
            var actionRequired = await db.VerificationChecks.AsNoTracking()
                .CountAsync(c => c.OrganizationId == verified && c.Status == VerificationCheckStatus.ActionRequired, cancellationToken);
            Add(tasks, "Home.Task.VerificationActionRequired", actionRequired, "/Verification", "Home.Task.FixNow");
        }

        if (orgId is { } partner && pages.Contains("/Designations"))
        {
            var areas = await designations.ListAsync(partner, cancellationToken);
            Add(tasks, "Home.Task.DesignationsToApply", areas.Designations.Count(d => d.CanApply), "/Designations", "Home.Task.Apply");
        }

        if (me is { } requester && pages.Contains("/Support"))
        {
            var waiting = await db.SupportRequests.AsNoTracking()
                .CountAsync(r => r.AccountId == requester && r.Status == SupportRequestStatus.WaitingOnCustomer, cancellationToken);
            Add(tasks, "Home.Task.SupportWaitingOnYou", waiting, "/Support", "Home.Task.Reply");
        }

        if (pages.Contains("/Operator/Support"))
        {
            var open = await db.SupportRequests.AsNoTracking()
                .CountAsync(r => r.Status == SupportRequestStatus.New || r.Status == SupportRequestStatus.Open, cancellationToken);
            Add(tasks, "Home.Task.SupportQueue", open, "/Operator/Support", "Home.Task.Open");
        }

        if (pages.Contains("/Operator/Verification"))
        {
            var reviews = await db.VerificationChecks.AsNoTracking()
                .CountAsync(c => c.Status == VerificationCheckStatus.Pending, cancellationToken);
            Add(tasks, "Home.Task.VerificationQueue", reviews, "/Operator/Verification", "Home.Task.Review");
        }

        if (pages.Contains("/Operator/Incentives/Disputes"))
        {
            var disputes = await db.EarningDisputes.AsNoTracking().CountAsync(d => d.Status == DisputeStatus.Open, cancellationToken);
            Add(tasks, "Home.Task.IncentiveDisputes", disputes, "/Operator/Incentives/Disputes", "Home.Task.Review");
        }

        return tasks;
    }

    private static void Add(List<HomeTask> tasks, string text, int count, string url, string linkText)
    {
        if (count > 0)
        {
            tasks.Add(new HomeTask(text, count, url, linkText));
        }
    }
}
