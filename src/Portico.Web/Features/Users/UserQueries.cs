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
/// Reads of user management: a keyset-paged, searchable list ordered by (display name, normalized email), both
/// indexed with the organization, shared by the page and the API. The search matches the folded key as a literal
/// substring (<c>LIKE</c> with wildcards escaped); an index narrows the candidates first (see <see cref="SearchAsync"/>).
/// </summary>
public sealed class UserQueries(AppDbContext db, TimeProvider time, OrderedSearchIndex orderedIndex)
{
    public const int MaxLimit = 100;

    public async Task<UserPage> ListAsync(Guid organizationId, UserListFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow().UtcDateTime;
        var folded = SearchKey.Fold(filter.Query);
        var source = folded.Length > 0 ? await SearchAsync(organizationId, folded, filter, cancellationToken) : db.Users;
        var query = source.AsNoTracking().Where(a => a.OrganizationId == organizationId && a.Kind == AccountKind.Work);
        if (folded.Length > 0)
        {
            // Note: the LIKE decides what matches; the candidates from an index are only a superset that is cheaper to scan.
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
            // Note: the redundant "name >= cursor name" gives PostgreSQL an index range to start from (the OR alone is
            // a filter, which makes the 50th page read the 2,450 rows before it).
            query = query.Where(a => string.Compare(a.DisplayName, name) >= 0
                && (string.Compare(a.DisplayName, name) > 0 || (a.DisplayName == name && string.Compare(a.NormalizedEmail, email) > 0)));
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

    /// <summary>
    /// Above this many index matches in one organization, a walk in list order is taken instead of sorting them all:
    /// matches that common usually fill a page within the first rows. Sorting costs about 1.5 µs a match on SQLite and
    /// 3.5 µs on PostgreSQL (a heap visit each), hence the lower bound there (bench/users measures both).
    /// </summary>
    internal const int SqliteCandidateLimit = 20_000;

    /// <inheritdoc cref="SqliteCandidateLimit"/>
    internal const int PostgresCandidateLimit = 10_000;

    /// <summary>Short terms expand to the indexed trigrams that start with them; past this many, they scan.</summary>
    internal const int ShortTermExpansionLimit = 256;

    /// <summary>Bits of the SQLite search rowid below the organization's rowid (see the UserSearchIndex migration).</summary>
    private const int AccountRowBits = 36;

    private const long AccountRowMask = (1L << AccountRowBits) - 1;

    /// <summary>
    /// The accounts a search should scan: the candidates of a search index when it narrows the organization's accounts
    /// enough, else all accounts (the organization's list index then finds a page of matches in order).
    /// </summary>
    /// <remarks>
    /// SQLite: an FTS5 trigram index whose rowids group each organization's accounts, so only that organization's
    /// part of a trigram list is read. Terms of 3+ characters are one quoted phrase (FTS syntax in input is literal);
    /// 1–2 characters expand to the indexed trigrams that start with them. A cheap capped count first decides between
    /// the candidates and a scan in list order (a term in most names finds a page at once that way).
    /// PostgreSQL: 3+ characters use the ordered RUM index where it exists (the first page's candidates in list order,
    /// see PostgresSearchAsync), else the GIN index on (OrganizationId, SearchKey gin_trgm_ops) through the LIKE itself;
    /// 1–2 characters use the GIN index on (OrganizationId, portico_search_grams(SearchKey)), the key's distinct
    /// characters and character pairs. The planner's estimate of the matches decides between candidates and a scan in
    /// list order.
    /// </remarks>
    private async Task<IQueryable<Account>> SearchAsync(Guid organizationId, string folded, UserListFilter filter, CancellationToken cancellationToken)
    {
        var length = folded.EnumerateRunes().Count();
        if (db.IsPostgres)
        {
            return await PostgresSearchAsync(organizationId, folded, length, filter, cancellationToken);
        }

        var match = length >= 3 ? QuoteFts(folded) : await ExpandShortTermAsync(folded, cancellationToken);
        if (match is null)
        {
            return db.Users;
        }

        if (match.Length == 0)
        {
            return db.Users.Where(a => false);
        }

        var count = await db.Database.SqlQuery<int>($"""
            SELECT count(*) AS Value FROM (
                SELECT 1 FROM AccountSearch
                WHERE AccountSearch MATCH {match}
                  AND rowid BETWEEN (SELECT rowid << {AccountRowBits} FROM Organizations WHERE Id = {organizationId})
                                AND (SELECT (rowid << {AccountRowBits}) | {AccountRowMask} FROM Organizations WHERE Id = {organizationId})
                LIMIT {SqliteCandidateLimit})
            """).SingleAsync(cancellationToken);
        if (count >= SqliteCandidateLimit)
        {
            return db.Users;
        }

        // Note: CROSS JOIN keeps SQLite from reordering: the few candidates drive, each looked up by rowid.
        return db.Users.FromSql($"""
            SELECT a.* FROM (
                SELECT rowid & {AccountRowMask} AS AccountRow FROM AccountSearch
                WHERE AccountSearch MATCH {match}
                  AND rowid BETWEEN (SELECT rowid << {AccountRowBits} FROM Organizations WHERE Id = {organizationId})
                                AND (SELECT (rowid << {AccountRowBits}) | {AccountRowMask} FROM Organizations WHERE Id = {organizationId})
            ) AS m CROSS JOIN Accounts AS a ON a.rowid = m.AccountRow
            """);
    }

    /// <summary>
    /// PostgreSQL: above this many estimated matches the list walk is taken even where the ordered index exists. The
    /// ordered index reads every posting of the term's trigrams (≈ 0.5 µs each); a term that common is in so many
    /// names that the walk finds a page within its first rows.
    /// </summary>
    internal const int PostgresOrderedLimit = 40_000;

    /// <remarks>
    /// Note: PostgreSQL plans a search with LIMIT as a walk of the list index that stops after a page, assuming matches
    /// spread evenly; matches bunched further down the list (every 山田 sorts after every Latin name) make that a walk
    /// of the whole organization. So the planner's own estimate of the matches (EXPLAIN: planning only, no rows read;
    /// its statistics on SearchKey and on the grams expression are close) decides first. With the ordered index
    /// (RUM, see the OrderedUserSearch migration) a 3+ character term gets its page's candidates in list order from
    /// the index alone: the first limit + 1 matches by the name's order key and all tied with the last, from which
    /// the exact order is taken. Role and status filters are not part of that function, so with them (and without the
    /// index) few candidates are fetched behind OFFSET 0, which the planner does not see through. A counting probe
    /// would visit every candidate row twice (the trigram index needs a recheck of each row).
    /// </remarks>
    private async Task<IQueryable<Account>> PostgresSearchAsync(
        Guid organizationId, string folded, int length, UserListFilter filter, CancellationToken cancellationToken)
    {
        if (length >= 3)
        {
            var pattern = "%" + SearchKey.EscapeLike(folded) + "%";
            const string condition = "\"OrganizationId\" = @org AND \"SearchKey\" LIKE @term ESCAPE '\\'";
            var estimate = await EstimateRowsAsync(condition, organizationId, pattern, cancellationToken);
            if (estimate < PostgresOrderedLimit && string.IsNullOrEmpty(filter.Role) && !UserStatuses.All.Contains(filter.Status)
                && await orderedIndex.ExistsAsync(db, cancellationToken))
            {
                var after = DecodeCursor(filter.Cursor);
                return db.Users.FromSql($"""
                    SELECT * FROM "Accounts" WHERE "Id" IN (
                        SELECT portico_ordered_user_search({organizationId}, {folded}, {pattern}, {after?.Name}::text, {after?.NormalizedEmail}::text, {filter.Limit + 1}))
                    """);
            }

            return estimate >= PostgresCandidateLimit
                ? db.Users
                : db.Users.FromSql($"""
                    SELECT * FROM "Accounts" WHERE "OrganizationId" = {organizationId} AND "SearchKey" LIKE {pattern} ESCAPE '\' OFFSET 0
                    """);
        }

        const string grams = "\"OrganizationId\" = @org AND portico_search_grams(\"SearchKey\") @> ARRAY[@term]::text[]";
        return await EstimateRowsAsync(grams, organizationId, folded, cancellationToken) >= PostgresCandidateLimit
            ? db.Users
            : db.Users.FromSql($"""
                SELECT * FROM "Accounts" WHERE "OrganizationId" = {organizationId} AND portico_search_grams("SearchKey") @> ARRAY[{folded}]::text[] OFFSET 0
                """);
    }

    /// <summary>The planner's estimate of the accounts matching <paramref name="condition"/> (parameters @org, @term).</summary>
    private async Task<double> EstimateRowsAsync(string condition, Guid organizationId, string term, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN (FORMAT JSON) SELECT 1 FROM \"Accounts\" WHERE " + condition;
            var org = command.CreateParameter();
            org.ParameterName = "org";
            org.Value = organizationId;
            command.Parameters.Add(org);
            var text = command.CreateParameter();
            text.ParameterName = "term";
            text.Value = term;
            command.Parameters.Add(text);
            var plan = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "[]";
            using var json = System.Text.Json.JsonDocument.Parse(plan);
            return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A 1–2 character term as an FTS query: every indexed trigram that starts with it, OR-ed (the indexed text ends
    /// with a separator, so each occurrence starts one). Empty when none does (no match); null when there are too
    /// many to be selective.
    /// </summary>
    private async Task<string?> ExpandShortTermAsync(string folded, CancellationToken cancellationToken)
    {
        // Note: U+10FFFF sorts after every other character in SQLite's binary (UTF-8) comparison.
        var upper = folded + char.ConvertFromUtf32(0x10FFFF);
        var terms = await db.Database.SqlQuery<string>($"""
            SELECT term AS Value FROM AccountSearchTerms WHERE term >= {folded} AND term < {upper} LIMIT {ShortTermExpansionLimit + 1}
            """).ToListAsync(cancellationToken);
        return terms.Count > ShortTermExpansionLimit ? null : string.Join(" OR ", terms.Select(QuoteFts));
    }

    /// <summary>An FTS5 string: double quotes doubled, so operators, column filters and <c>*</c> in input stay literal.</summary>
    internal static string QuoteFts(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

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
    }
}
