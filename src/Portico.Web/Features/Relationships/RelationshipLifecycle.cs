using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.Relationships;

/// <summary>What the lifecycle does next to a relationship.</summary>
public enum LifecycleStep
{
    None = 0,
    ExpireRequest,
    Expire,
    Extend,
    Remind,
}

/// <summary>
/// The time-driven part of a delegated-admin relationship's life (SPEC §7): unapproved requests lapse after 90 days;
/// active relationships expire at <c>EndsAt</c>, or are extended by 180 days when auto-extend is on; reminders go
/// out 30, 7 and 1 days before expiry, each once. <see cref="Next"/> is the pure rule; <see cref="RunOnceAsync"/>
/// applies it to every due relationship (the background worker calls it while holding the database lease).
/// </summary>
public sealed class RelationshipLifecycle(AppDbContext db, AuditTrail audit, RelationshipEmails emails, TimeProvider time, ILogger<RelationshipLifecycle> logger)
{
    /// <summary>Reminder thresholds in days before expiry, largest first.</summary>
    public static readonly IReadOnlyList<(int Days, ExpiryReminders Flag)> Reminders =
        [(30, ExpiryReminders.Days30), (7, ExpiryReminders.Days7), (1, ExpiryReminders.Days1)];

    /// <summary>Reminders that make no sense for a relationship of <paramref name="durationDays"/> (it is never that far from its end).</summary>
    public static ExpiryReminders RemindersNotApplicable(int durationDays) =>
        Reminders.Where(r => r.Days >= durationDays).Aggregate(ExpiryReminders.None, (all, r) => all | r.Flag);

    /// <summary>The next step due for <paramref name="r"/> at <paramref name="now"/>, and for a reminder its threshold.</summary>
    public static (LifecycleStep Step, int ReminderDays) Next(DelegatedAdminRelationship r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        switch (r.Status)
        {
            case DelegatedAdminRelationshipStatus.ApprovalPending when now >= r.RequestExpiresAt:
                return (LifecycleStep.ExpireRequest, 0);
            case DelegatedAdminRelationshipStatus.Active when r.EndsAt is { } ends:
                if (now >= ends)
                {
                    // Note: auto-extend is refused with GlobalAdministrator at request time; checked again here.
                    return r.AutoExtend && !r.Roles.Contains(Authorization.DelegableRoles.GlobalAdministrator)
                        ? (LifecycleStep.Extend, 0)
                        : (LifecycleStep.Expire, 0);
                }

                // Note: an auto-extending relationship does not end, so nobody is reminded of an end.
                if (r.AutoExtend)
                {
                    return (LifecycleStep.None, 0);
                }

                // The smallest threshold already reached and not yet sent; larger ones are then skipped for good.
                foreach (var (days, flag) in Reminders.Reverse())
                {
                    if (ends - now <= TimeSpan.FromDays(days))
                    {
                        return (r.RemindersSent & flag) == 0 ? (LifecycleStep.Remind, days) : (LifecycleStep.None, 0);
                    }
                }

                return (LifecycleStep.None, 0);
            default:
                return (LifecycleStep.None, 0);
        }
    }

    /// <summary>Applies every due step once. Returns the number of relationships changed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = now.AddDays(Reminders[0].Days);
        var due = await db.DelegatedAdminRelationships
            .Where(r => (r.Status == DelegatedAdminRelationshipStatus.ApprovalPending && r.RequestExpiresAt <= now)
                || (r.Status == DelegatedAdminRelationshipStatus.Active && r.EndsAt <= horizon))
            .OrderBy(r => r.Id)
            .Select(r => r.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in due)
        {
            db.ChangeTracker.Clear();
            var r = await db.DelegatedAdminRelationships.SingleAsync(x => x.Id == id, cancellationToken);
            var (step, days) = Next(r, now);
            string? email = null;
            switch (step)
            {
                case LifecycleStep.ExpireRequest:
                case LifecycleStep.Expire:
                    r.Status = DelegatedAdminRelationshipStatus.Expired;
                    r.EndedAt = now;
                    audit.RecordForBoth(step == LifecycleStep.Expire ? AuditEventType.DelegatedAdminExpired : AuditEventType.DelegatedAdminRequestExpired,
                        r.ProviderOrganizationId, r.CustomerOrganizationId, RelationshipService.Details(r));
                    email = step == LifecycleStep.Expire ? RelationshipEmails.Expired : RelationshipEmails.RequestExpired;
                    break;
                case LifecycleStep.Extend:
                    // Note: extended from the old end, so the relationship never has a gap nor gains the worker's delay.
                    while (r.EndsAt <= now)
                    {
                        r.EndsAt = r.EndsAt!.Value.AddDays(DelegatedAdminRelationship.AutoExtendDays);
                        r.ExtensionCount++;
                    }

                    r.RemindersSent = ExpiryReminders.None;
                    audit.RecordForBoth(AuditEventType.DelegatedAdminExtended, r.ProviderOrganizationId, r.CustomerOrganizationId, RelationshipService.Details(r));
                    email = RelationshipEmails.Extended;
                    break;
                case LifecycleStep.Remind:
                    // Mark this threshold and every larger one: a reminder is never sent late after a smaller one.
                    foreach (var (d, flag) in Reminders.Where(x => x.Days >= days))
                    {
                        r.RemindersSent |= flag;
                    }

                    audit.RecordForBoth(AuditEventType.DelegatedAdminExpiryReminderSent, r.ProviderOrganizationId, r.CustomerOrganizationId,
                        new { relationshipId = r.Id, relationship = r.DisplayName, daysBefore = days, endsAt = r.EndsAt });
                    email = RelationshipEmails.Reminder;
                    break;
                default:
                    continue;
            }

            r.Version = Guid.NewGuid();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Note: a person changed it meanwhile (terminated, say); the next run looks at it again.
                Log.ConcurrentChange(logger, r.Id);
                continue;
            }

            changed++;
            await emails.SendDelegatedAsync(r, email, cancellationToken, days);
        }

        db.ChangeTracker.Clear();
        return changed;
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Relationship {RelationshipId} changed concurrently; retried on the next run.")]
    public static partial void ConcurrentChange(ILogger logger, Guid relationshipId);
}
