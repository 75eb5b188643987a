using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portico.Web.Data;

/// <summary>
/// Per-connection SQLite settings: with the WAL journal, <c>synchronous=NORMAL</c> keeps the database consistent
/// after a crash and commits without an fsync each; only the last transactions before a power cut can be lost.
/// </summary>
/// <remarks>
/// Note: every sign-in writes a session and an audit row, so an fsync per commit would cap sign-ins on SQLite well
/// below the hashing rate. Deployments that need power-loss durability of every commit run on PostgreSQL.
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        Apply(connection);
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
