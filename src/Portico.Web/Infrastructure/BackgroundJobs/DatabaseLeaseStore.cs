using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Infrastructure.BackgroundJobs;

/// <summary>
/// Acquires and renews <see cref="DatabaseLease"/> rows with single conditional statements, so exactly one instance
/// holds a lease at a time on SQLite and on PostgreSQL alike.
/// </summary>
public sealed class DatabaseLeaseStore(AppDbContext db, TimeProvider time)
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> (or renews it) until now +
    /// <paramref name="duration"/>; false when another holder's lease has not expired.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + duration;

        // Note: the UPDATE's WHERE clause is the arbiter: of two instances racing for an expired lease, the database
        // lets one statement match the row and the other match nothing.
        var taken = await db.DatabaseLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresUtc <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.AcquiredUtc, now).SetProperty(l => l.ExpiresUtc, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.DatabaseLeases.AsNoTracking().AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        db.DatabaseLeases.Add(new DatabaseLease { Name = name, Holder = holder, AcquiredUtc = now, ExpiresUtc = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (db.IsKeyViolation<DatabaseLease>(e))
        {
            // Note: another instance inserted the row first; it holds the lease.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Gives the lease up early (on shutdown), so another instance need not wait for it to expire.</summary>
    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken) =>
        db.DatabaseLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresUtc, DateTime.UnixEpoch), cancellationToken);
}
