using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;

namespace Portico.Web.Features.Users;

/// <summary>
/// Whether a PostgreSQL database has the ordered user search index, which the OrderedUserSearch migration creates only
/// where the RUM extension is available (ADR-0017). Asked once per database and process: an index added later with
/// <c>SELECT portico_enable_ordered_user_search()</c> is used after a restart.
/// </summary>
public sealed class OrderedSearchIndex
{
    internal const string IndexName = "IX_Accounts_SearchTrigrams_ListKey";

    private readonly ConcurrentDictionary<string, bool> known = new(StringComparer.Ordinal);

    public async ValueTask<bool> ExistsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var database = db.Database.GetConnectionString() ?? "";
        if (known.TryGetValue(database, out var exists))
        {
            return exists;
        }

        exists = await db.Database.SqlQuery<bool>($"""
            SELECT to_regclass({'"' + IndexName + '"'}) IS NOT NULL AS "Value"
            """).SingleAsync(cancellationToken);
        return known.GetOrAdd(database, exists);
    }
}
