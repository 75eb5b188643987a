using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Sessions;

namespace Portico.Web.Features.Users;

public sealed record UserRole(string Role, Guid? LocationId);

public sealed record UserRow(
    Guid Id,
    string Email,
    string DisplayName,
    string? NameReading,
    string Status,
    IReadOnlyList<UserRole> Roles,
    DateTime? LastSignInUtc,
    DateTime CreatedUtc,
    string ConcurrencyStamp);

public sealed record UserPage(IReadOnlyList<UserRow> Items, string? NextCursor);

/// <summary>Filters of the user list; <see cref="Query"/> is folded with <see cref="SearchKey"/> before use.</summary>
public sealed record UserListFilter(string? Query, string? Role, string? Status, string? Cursor, int Limit);

public static class UserStatuses
{
    public const string Active = "active";
    public const string Blocked = "blocked";
    public const string Locked = "locked";
    public static readonly string[] All = [Active, Blocked, Locked];
}

/// <summary>
/// Reads of user management: a keyset-paged, searchable list ordered by (display name, id), shared by the page and
/// the API. Ordered by (display name, normalized email), both indexed. The search matches the folded key as a literal substring (LIKE wildcards in input are escaped).
/// </summary>
public sealed class UserQueries(AppDbContext db, TimeProvider time)
{
    public const int MaxLimit = 100;

    public async Task<UserPage> ListAsync(Guid organizationId, UserListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow().UtcDateTime;
        var query = db.Users.AsNoTracking().Where(a => a.OrganizationId == organizationId && a.Kind == AccountKind.Work);

        var folded = SearchKey.Fold(filter.Query);
        if (folded.Length > 0)
        {
            var pattern = "%" + SearchKey.EscapeLike(folded) + "%";
            query = query.Where(a => EF.Functions.Like(a.SearchKey, pattern, "\\"));
        }

        if (!string.IsNullOrEmpty(filter.Role))
        {
            var role = filter.Role;
            query = query.Where(a => a.RoleAssignments.Any(r => r.Role == role));
        }

        query = filter.Status switch
        {
            UserStatuses.Blocked => query.Where(a => a.IsBlocked),
            UserStatuses.Locked => query.Where(a => !a.IsBlocked && a.LockedUntilUtc > now),
            UserStatuses.Active => query.Where(a => !a.IsBlocked && (a.LockedUntilUtc == null || a.LockedUntilUtc <= now)),
            _ => query,
        };

        if (DecodeCursor(filter.Cursor) is { } after)
        {
            var (name, email) = after;
#pragma warning disable CA1309 // EF translates string.Compare to the database's comparison; overloads with StringComparison do not translate.
            query = query.Where(a => string.Compare(a.DisplayName, name) > 0
                || (a.DisplayName == name && string.Compare(a.NormalizedEmail, email) > 0));
#pragma warning restore CA1309
        }

        var rows = await query
            .OrderBy(a => a.DisplayName).ThenBy(a => a.NormalizedEmail)
            .Take(filter.Limit + 1)
            .Select(a => new
            {
                a.Id,
                a.Email,
                a.DisplayName,
                a.NameReading,
                a.IsBlocked,
                a.LockedUntilUtc,
                Roles = a.RoleAssignments.OrderBy(r => r.Role).Select(r => new UserRole(r.Role, r.LocationId)).ToList(),
                a.LastSignInUtc,
                a.CreatedUtc,
                a.ConcurrencyStamp,
            })
            .ToListAsync(cancellationToken);

        var items = rows.Take(filter.Limit).Select(a => new UserRow(
            a.Id, a.Email ?? "", a.DisplayName, a.NameReading,
            a.IsBlocked ? UserStatuses.Blocked : a.LockedUntilUtc > now ? UserStatuses.Locked : UserStatuses.Active,
            a.Roles, a.LastSignInUtc, a.CreatedUtc, a.ConcurrencyStamp ?? "")).ToList();
        var next = rows.Count > filter.Limit ? EncodeCursor(items[^1].DisplayName, items[^1].Email.ToUpperInvariant()) : null;
        return new UserPage(items, next);
    }

    public async Task<UserRow?> GetAsync(Guid organizationId, Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var a = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.OrganizationId == organizationId && u.Kind == AccountKind.Work)
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.NameReading, u.IsBlocked, u.LockedUntilUtc,
                Roles = u.RoleAssignments.OrderBy(r => r.Role).Select(r => new UserRole(r.Role, r.LocationId)).ToList(),
                u.LastSignInUtc, u.CreatedUtc, u.ConcurrencyStamp,
            })
            .SingleOrDefaultAsync(cancellationToken);
        return a is null
            ? null
            : new UserRow(a.Id, a.Email ?? "", a.DisplayName, a.NameReading,
                a.IsBlocked ? UserStatuses.Blocked : LockoutPolicy.IsLocked(new Account { LockedUntilUtc = a.LockedUntilUtc }, now) ? UserStatuses.Locked : UserStatuses.Active,
                a.Roles, a.LastSignInUtc, a.CreatedUtc, a.ConcurrencyStamp ?? "");
    }

    /// <summary>The keyset position after a row: its display name and normalized email (unique in the org).</summary>
    public static string EncodeCursor(string name, string normalizedEmail) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(normalizedEmail + "\n" + name));

    public static (string Name, string NormalizedEmail)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 1024)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            return newline > 0 ? (text[(newline + 1)..], text[..newline]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
