using Microsoft.EntityFrameworkCore;

namespace Portico.Web.Data;

/// <summary>
/// Maps the SQLite database file into memory for one read-heavy operation (user search) on the connection the
/// context holds, and unmaps it afterwards. Nothing on PostgreSQL.
/// </summary>
/// <remarks>
/// Note: SQLite drops a connection's memory map whenever another connection has committed since that connection's
/// last read (the WAL changed). With the map on every connection, nearly every sign-in on a kept connection unmapped
/// and mapped the file again — an <c>munmap</c> with a TLB shootdown across the cores, then a page fault for each page
/// touched again: 0.23 ms of a sign-in's 1.1 ms of request CPU (docs/benchmarks/signin.md, session 8). User search at
/// 1,000,000 accounts looks up thousands of rows by rowid and is 25–35 % faster with the map (bench/users), so it
/// maps the file for its own duration only.
/// </remarks>
public sealed class SqliteMemoryMap : IAsyncDisposable
{
    // Note: SQLite's largest map; the file is mapped up to its size.
    private const string Map = "PRAGMA mmap_size=2147418112";
    private const string Unmap = "PRAGMA mmap_size=0";

    private readonly AppDbContext db;

    private SqliteMemoryMap(AppDbContext db) => this.db = db;

    /// <summary>Maps the file until the result is disposed; null on PostgreSQL.</summary>
    public static async Task<SqliteMemoryMap?> MapAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.IsPostgres)
        {
            return null;
        }

        // Note: the connection stays open until the map is dropped, so every command in between runs on this one
        // native connection (EF would otherwise close it after each command, and its pool could hand another back).
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await RunAsync(db, Map, cancellationToken);
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }

        return new SqliteMemoryMap(db);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(db, Unmap, CancellationToken.None);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task RunAsync(AppDbContext db, string pragma, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
