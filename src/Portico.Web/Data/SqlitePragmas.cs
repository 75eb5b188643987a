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
/// Note: no memory map (<c>mmap_size</c> stays 0). SQLite drops a connection's map whenever another connection has
/// committed since its last read, so on a live portal every read after a sign-in unmapped the file and faulted its
/// pages in again: 0.2–0.35 ms of every sign-in, and big-organization user search p95 24–58 ms instead of 9–17 ms
/// (ADR-0022; bench/users --commit-between).
/// Note: <c>busy_timeout</c> lets SQLite itself wait for another connection's write to finish, retrying after 1, 2, 5,
/// 10 … ms. Without it Microsoft.Data.Sqlite gets SQLITE_BUSY back and sleeps 150 ms before each retry: two sign-ins
/// committing within the same fraction of a millisecond cost the second one 150 ms, and with it a hashing core's
/// turn (measured in docs/benchmarks/signin.md). 30 s is Microsoft.Data.Sqlite's own default command timeout.
/// Note: these settings belong to the native connection, which Microsoft.Data.Sqlite pools and hands out again on the
/// next open; they are applied once per native connection, not on every open (two statements parsed per open).
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <summary>Applies the settings to an open connection, unless its native connection already has them.</summary>
    public static void Apply(DbConnection connection)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!FirstOpen(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether this is the first open of the pooled native connection behind <paramref name="connection"/>.</summary>
    private static bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Applied.TryAdd(handle, Applied);
}
