using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portico.Web.Data;

/// <summary>
/// Per-connection SQLite settings.
/// </summary>
/// <remarks>
/// Note: <c>synchronous=NORMAL</c> with the WAL journal keeps the database consistent after a crash and commits
/// without an fsync each (only the last transactions before a power cut can be lost); every sign-in writes a session
/// and an audit row, so an fsync per commit would cap sign-ins well below the hashing rate. Deployments that need
/// power-loss durability of every commit run on PostgreSQL.
/// Note: the connections set aside for large reads (user search, ADR-0022) read a file-backed database through a memory
/// map instead of a read() per page beyond SQLite's small page cache; at 1M accounts a search looks up thousands of
/// rows by rowid, about 30% faster this way (bench/users). Every other connection reads without one.
/// Note: <c>busy_timeout</c> lets SQLite itself wait for another connection's write to finish, retrying after 1, 2, 5,
/// 10 … ms. Without it Microsoft.Data.Sqlite gets SQLITE_BUSY back and sleeps 150 ms before each retry: two sign-ins
/// committing within the same fraction of a millisecond cost the second one 150 ms, and with it a hashing core's
/// turn (measured in docs/benchmarks/signin.md). 30 s is Microsoft.Data.Sqlite's own default command timeout.
/// Note: these settings belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on the
/// next open; they are applied once per native connection, not on every open (two statements parsed per open).
/// </remarks>
internal sealed class SqlitePragmas(bool memoryMap) : DbConnectionInterceptor
{
    private readonly string pragmas = memoryMap
        ? "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA mmap_size=2147418112;"
        : "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <summary>Applies the settings to an open connection, unless its native connection already has them.</summary>
    public void Apply(DbConnection connection)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether this is the first open of the pooled native connection behind <paramref name="connection"/>.</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Applied.TryAdd(handle, Applied);
}
