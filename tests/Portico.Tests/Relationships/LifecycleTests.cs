using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Relationships;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Relationships;

/// <summary>The pure lifecycle rule (<see cref="RelationshipLifecycle.Next"/>) on a fixed clock.</summary>
public sealed class LifecycleRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DelegatedAdminRelationship Active(int days, bool autoExtend = false, params string[] roles) => new()
    {
        Status = DelegatedAdminRelationshipStatus.Active,
        Roles = roles.Length == 0 ? [DelegableRoles.DirectoryReader] : [.. roles],
        DurationDays = days,
        AutoExtend = autoExtend,
        CreatedAt = T0,
        RequestExpiresAt = T0.AddDays(90),
        ActivatedAt = T0,
        EndsAt = T0.AddDays(days),
        RemindersSent = RelationshipLifecycle.RemindersNotApplicable(days),
    };

    [Fact]
    public void Next_PendingRequest_ExpiresAfter90Days()
    {
        var r = new DelegatedAdminRelationship { Status = DelegatedAdminRelationshipStatus.ApprovalPending, CreatedAt = T0, RequestExpiresAt = T0.AddDays(90) };

        Assert.Equal(LifecycleStep.None, RelationshipLifecycle.Next(r, T0.AddDays(90).AddSeconds(-1)).Step);
        Assert.Equal(LifecycleStep.ExpireRequest, RelationshipLifecycle.Next(r, T0.AddDays(90)).Step);
    }

    [Fact]
    public void Next_ActiveAtItsEnd_ExpiresOrExtends()
    {
        Assert.Equal(LifecycleStep.Expire, RelationshipLifecycle.Next(Active(100), T0.AddDays(100)).Step);
        Assert.Equal(LifecycleStep.Extend, RelationshipLifecycle.Next(Active(100, autoExtend: true), T0.AddDays(100)).Step);

        // Auto-extend never applies to Global administrator, even if such a row existed.
        Assert.Equal(LifecycleStep.Expire, RelationshipLifecycle.Next(Active(100, true, DelegableRoles.GlobalAdministrator), T0.AddDays(100)).Step);
    }

    [Fact]
    public void Next_Reminders_At30_7_1DaysBefore_EachOnce()
    {
        var r = Active(100);

        Assert.Equal((LifecycleStep.None, 0), RelationshipLifecycle.Next(r, T0.AddDays(69)));
        Assert.Equal((LifecycleStep.Remind, 30), RelationshipLifecycle.Next(r, T0.AddDays(70)));
        r.RemindersSent |= ExpiryReminders.Days30;
        Assert.Equal((LifecycleStep.None, 0), RelationshipLifecycle.Next(r, T0.AddDays(80)));
        Assert.Equal((LifecycleStep.Remind, 7), RelationshipLifecycle.Next(r, T0.AddDays(93)));
        r.RemindersSent |= ExpiryReminders.Days7;
        Assert.Equal((LifecycleStep.Remind, 1), RelationshipLifecycle.Next(r, T0.AddDays(99)));
        r.RemindersSent |= ExpiryReminders.Days1;
        Assert.Equal((LifecycleStep.None, 0), RelationshipLifecycle.Next(r, T0.AddDays(99.5)));
    }

    [Fact]
    public void Next_ShortRelationship_SkipsRemindersLongerThanItsDuration()
    {
        Assert.Equal(ExpiryReminders.Days30 | ExpiryReminders.Days7, RelationshipLifecycle.RemindersNotApplicable(5));
        var r = Active(5);

        Assert.Equal((LifecycleStep.None, 0), RelationshipLifecycle.Next(r, T0.AddDays(1)));
        Assert.Equal((LifecycleStep.Remind, 1), RelationshipLifecycle.Next(r, T0.AddDays(4)));
    }

    [Fact]
    public void Next_AutoExtending_HasNoReminders()
    {
        Assert.Equal((LifecycleStep.None, 0), RelationshipLifecycle.Next(Active(100, autoExtend: true), T0.AddDays(99.5)));
    }
}

/// <summary>The lifecycle worker against the database, driven by the fake clock, with two instances sharing it.</summary>
public sealed class LifecycleWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RelationshipLifecycleWorker Worker(DemoPortalFactory portal) =>
        ActivatorUtilities.CreateInstance<RelationshipLifecycleWorker>(portal.Services);

    private static async Task<Guid> ApprovedAsync(DemoPortalFactory portal, int days, bool autoExtend = false)
    {
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var nora = await portal.ClientAsync(Nora);
        var id = (await nora.RequestAsync(northwind, fabrikam, [DelegableRoles.DirectoryReader], days, autoExtend, "Lifecycle " + days)).GetProperty("id").GetGuid();
        var fumi = await portal.ClientAsync(Fumi);
        Assert.Equal(HttpStatusCode.OK, (await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct)).StatusCode);
        return id;
    }

    private static Task<DelegatedAdminRelationship> LoadAsync(DemoPortalFactory portal, Guid id) =>
        portal.WithDbAsync(db => db.DelegatedAdminRelationships.AsNoTracking().SingleAsync(r => r.Id == id, Ct));

    private static Task<int> EventsAsync(DemoPortalFactory portal, AuditEventType type, Guid relationshipId) =>
        portal.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Type == type && e.Details!.Contains(relationshipId.ToString()), Ct));

    [Fact]
    public async Task Worker_AtTheEnd_ExpiresTheRelationship_AndNeverReactivatesIt()
    {
        await using var portal = new DemoPortalFactory();
        var id = await ApprovedAsync(portal, 10);
        var worker = Worker(portal);

        portal.Time.Advance(TimeSpan.FromDays(10) - TimeSpan.FromMinutes(1));
        await worker.TickAsync(Ct);
        Assert.Equal(DelegatedAdminRelationshipStatus.Active, (await LoadAsync(portal, id)).Status);

        portal.Time.Advance(TimeSpan.FromMinutes(2));
        await worker.TickAsync(Ct);

        var expired = await LoadAsync(portal, id);
        Assert.Equal(DelegatedAdminRelationshipStatus.Expired, expired.Status);
        Assert.Equal(2, await EventsAsync(portal, AuditEventType.DelegatedAdminExpired, id));
        Assert.Contains(portal.Outbox.To(Nora), m => m.Subject!.StartsWith("Delegated-admin relationship expired", StringComparison.Ordinal));
        Assert.Contains(portal.Outbox.To(Fumi), m => m.Subject!.Contains("Lifecycle 10", StringComparison.Ordinal) && m.Subject.Contains("期限", StringComparison.Ordinal));

        var fumi = await portal.ClientAsync(Fumi);
        var fabrikam = await portal.FabrikamAsync();
        var again = await fumi.PostAsync($"/api/v1/orgs/{fabrikam}/delegated-admin-relationships/{id}/approve", null, Ct);
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "relationship_expired");
        await worker.TickAsync(Ct);
        Assert.Equal(DelegatedAdminRelationshipStatus.Expired, (await LoadAsync(portal, id)).Status);
        Assert.Equal(2, await EventsAsync(portal, AuditEventType.DelegatedAdminExpired, id));
    }

    [Fact]
    public async Task Worker_UnapprovedFor90Days_ExpiresTheRequest()
    {
        await using var portal = new DemoPortalFactory();
        var northwind = await portal.NorthwindAsync();
        var fabrikam = await portal.FabrikamAsync();
        var nora = await portal.ClientAsync(Nora);
        var id = (await nora.RequestAsync(northwind, fabrikam, [DelegableRoles.BillingReader])).GetProperty("id").GetGuid();
        var worker = Worker(portal);

        portal.Time.Advance(TimeSpan.FromDays(89));
        await worker.TickAsync(Ct);
        Assert.Equal(DelegatedAdminRelationshipStatus.ApprovalPending, (await LoadAsync(portal, id)).Status);

        portal.Time.Advance(TimeSpan.FromDays(1));
        await worker.TickAsync(Ct);

        Assert.Equal(DelegatedAdminRelationshipStatus.Expired, (await LoadAsync(portal, id)).Status);
        Assert.Equal(2, await EventsAsync(portal, AuditEventType.DelegatedAdminRequestExpired, id));
        Assert.Contains(portal.Outbox.To(Nora), m => m.Subject!.StartsWith("Delegated-admin request expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_AutoExtend_Adds180Days_AndAccessContinues()
    {
        await using var portal = new DemoPortalFactory();
        var id = await ApprovedAsync(portal, 20, autoExtend: true);
        var ends = (await LoadAsync(portal, id)).EndsAt!.Value;
        var worker = Worker(portal);

        portal.Time.Advance(TimeSpan.FromDays(20));
        await worker.TickAsync(Ct);

        var extended = await LoadAsync(portal, id);
        Assert.Equal(DelegatedAdminRelationshipStatus.Active, extended.Status);
        Assert.Equal(ends.AddDays(180), extended.EndsAt);
        Assert.Equal(1, extended.ExtensionCount);
        Assert.Equal(2, await EventsAsync(portal, AuditEventType.DelegatedAdminExtended, id));

        await worker.TickAsync(Ct);
        Assert.Equal(ends.AddDays(180), (await LoadAsync(portal, id)).EndsAt);
    }

    [Fact]
    public async Task Worker_TwoInstances_SendEachReminderExactlyOnce()
    {
        await using var portal = new DemoPortalFactory();
        var id = await ApprovedAsync(portal, 40);
        var first = Worker(portal);
        var second = Worker(portal);
        var ran = 0;
        var both = 0;

        // Every 6 hours for 41 days, both instances tick at the same moment; whichever holds the lease runs.
        for (var step = 0; step < 41 * 4; step++)
        {
            portal.Time.Advance(TimeSpan.FromHours(6));
            var results = await Task.WhenAll(Task.Run(() => first.TickAsync(Ct), Ct), Task.Run(() => second.TickAsync(Ct), Ct));
            ran += results.Count(r => r);
            both += results.All(r => r) ? 1 : 0;
        }

        Assert.Equal(0, both);
        Assert.True(ran >= 41 * 4 - 1, $"only {ran} runs");
        Assert.Equal(6, await EventsAsync(portal, AuditEventType.DelegatedAdminExpiryReminderSent, id));
        var reminders = portal.Outbox.To(Nora).Where(m => m.Subject!.StartsWith("Delegated-admin relationship ends soon", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reminders.Count);
        Assert.Contains(reminders, m => m.TextBody!.Contains("ends in 30 day(s)", StringComparison.Ordinal));
        Assert.Contains(reminders, m => m.TextBody!.Contains("ends in 7 day(s)", StringComparison.Ordinal));
        Assert.Contains(reminders, m => m.TextBody!.Contains("ends in 1 day(s)", StringComparison.Ordinal));
        Assert.Equal(3, portal.Outbox.To(Fumi).Count(m => m.Subject!.Contains("まもなく終了", StringComparison.Ordinal)));
        Assert.Equal(DelegatedAdminRelationshipStatus.Expired, (await LoadAsync(portal, id)).Status);
        Assert.Equal(2, await EventsAsync(portal, AuditEventType.DelegatedAdminExpired, id));
    }

    [Fact]
    public async Task Lease_HeldByOneInstance_IsRefusedToAnotherUntilItExpires()
    {
        await using var portal = new DemoPortalFactory();
        await using var scope = portal.Scope();
        var leases = scope.ServiceProvider.GetRequiredService<Web.Infrastructure.BackgroundJobs.DatabaseLeaseStore>();

        Assert.True(await leases.TryAcquireAsync("test", "a", TimeSpan.FromMinutes(5), Ct));
        Assert.False(await leases.TryAcquireAsync("test", "b", TimeSpan.FromMinutes(5), Ct));
        Assert.True(await leases.TryAcquireAsync("test", "a", TimeSpan.FromMinutes(5), Ct));
        portal.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await leases.TryAcquireAsync("test", "b", TimeSpan.FromMinutes(5), Ct));
        Assert.False(await leases.TryAcquireAsync("test", "a", TimeSpan.FromMinutes(5), Ct));
        await leases.ReleaseAsync("test", "b", Ct);
        Assert.True(await leases.TryAcquireAsync("test", "a", TimeSpan.FromMinutes(5), Ct));
    }
}

/// <summary>Every relationship string the code looks up exists in English and Japanese.</summary>
public sealed class RelationshipResourcesTests
{
    [Fact]
    public void Resources_RelationshipStrings_HaveEnglishAndJapanese()
    {
        var keys = DelegableRoles.All.SelectMany(r => new[] { "DelegableRole." + r, $"DelegableRole.{r}.Description" })
            .Concat(Enum.GetNames<DelegatedAdminRelationshipStatus>().Select(s => "RelationshipStatus." + s))
            .Concat(Enum.GetNames<ResellerRelationshipStatus>().Select(s => "ResellerStatus." + s))
            .Concat(RelationshipEmails.All.SelectMany(k => new[] { $"Email.Relationship.{k}.Subject", $"Email.Relationship.{k}.Body" }))
            .Concat(typeof(Web.Infrastructure.Api.ErrorCodes).GetFields().Where(f => f.IsLiteral).Select(f => "Error." + (string)f.GetValue(null)!))
            .Concat(new[] { "customerOrgId", "displayName", "roles", "durationDays", "autoExtend", "accountId" }.Select(f => "Relationships.Field." + f))
            .Concat(new[] { "Error." + Web.Features.Users.UserErrors.AdminResetNeedsPrivilegedRole, "Error." + Web.Features.Users.UserErrors.AdminNeedsGlobalAdministrator })
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
    }
}
