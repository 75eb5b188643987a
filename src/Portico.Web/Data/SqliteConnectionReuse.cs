using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portico.Web.Data;

/// <summary>
/// Keeps a few SQLite connections open between the contexts that use them, each with the statements it has
/// compiled, so a request neither re-opens a connection for every query and save nor compiles the same SQL again.
/// </summary>
/// <remarks>
/// Note: Microsoft.Data.Sqlite compiles every new command and finalizes a connection's statements whenever the
/// connection closes (dotnet/efcore#14044), and EF Core creates a command per execution and opens and closes the
/// connection around each query and save: a sign-in compiled its five statements anew every time (≈ 10 % of its
/// server CPU) and opened and closed its connection twice (≈ 4 %, docs/benchmarks/signin.md).
/// Note: a context takes a kept connection when EF creates its connection and gives it back when EF would dispose
/// it (the context's end, <see cref="KeptSqliteRelationalConnection"/>); up to <see cref="MaxKept"/> connections are
/// kept, and beyond that contexts get ordinary connections that EF opens and closes as usual, so heavy concurrency
/// degrades to the default behaviour instead of opening more native connections.
/// Note: a kept connection comes back only when still open and in autocommit mode (no transaction left open);
/// otherwise it is disposed. Each keeps at most <see cref="StatementsPerConnection"/> compiled statements (least
/// recently used go first); a statement still in use by an open reader is never handed out twice.
/// </remarks>
public sealed class SqliteConnectionReuse : IDbCommandInterceptor, IDisposable
{
    public const int StatementsPerConnection = 64;

    private readonly string connectionString;
    private readonly Action<SqliteConnection> prepare;
    private readonly Stack<SqliteConnection> idle = new();
    private readonly Dictionary<SqliteConnection, StatementCache> kept = [];
    private readonly Lock gate = new();
    private bool disposed;

    /// <param name="connectionString">The connection string EF uses; connections for any other string are left alone.</param>
    /// <param name="maxKept">How many connections stay open at most.</param>
    /// <param name="prepare">Runs once on each connection this component opens (per-connection pragmas).</param>
    public SqliteConnectionReuse(string connectionString, int maxKept, Action<SqliteConnection> prepare)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxKept);
        this.connectionString = connectionString;
        this.prepare = prepare;
        MaxKept = maxKept;
    }

    public int MaxKept { get; }

    /// <summary>Connections open and kept right now (idle or in use by a context).</summary>
    public int KeptCount
    {
        get
        {
            lock (gate)
            {
                return kept.Count;
            }
        }
    }

    /// <summary>Hands out an idle kept connection for <paramref name="connectionStringOfContext"/>, if there is one.</summary>
    public SqliteConnection? TryRent(string? connectionStringOfContext)
    {
        if (connectionStringOfContext != connectionString)
        {
            return null;
        }

        lock (gate)
        {
            return !disposed && idle.TryPop(out var connection) ? connection : null;
        }
    }

    /// <summary>Opens and keeps a connection EF has just created, while fewer than <see cref="MaxKept"/> are kept.</summary>
    public void Adopt(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.ConnectionString != connectionString)
        {
            return;
        }

        lock (gate)
        {
            if (disposed || kept.ContainsKey(connection) || kept.Count >= MaxKept)
            {
                return;
            }

            // Note: reserved before opening (outside the lock) so concurrent creations cannot exceed the limit.
            kept.Add(connection, new StatementCache(connection));
        }

        try
        {
            connection.Open();
            prepare(connection);
        }
        catch
        {
            Forget(connection);
            connection.Close();
            throw;
        }
    }

    public bool IsKept(DbConnection connection)
    {
        lock (gate)
        {
            return connection is SqliteConnection sqlite && kept.ContainsKey(sqlite);
        }
    }

    /// <summary>Takes a kept connection back when its context ends; false when the caller should dispose it.</summary>
    public bool TryReturn(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return false;
        }

        lock (gate)
        {
            if (!kept.ContainsKey(sqlite))
            {
                return false;
            }

            if (!disposed && sqlite.State == ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle) != 0)
            {
                idle.Push(sqlite);
                return true;
            }
        }

        Forget(sqlite);
        return false;
    }

    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        return eventData.Connection is SqliteConnection connection ? Reuse(connection, result) : result;
    }

    /// <summary>
    /// The kept connection's compiled command for <paramref name="initialized"/>'s SQL, taking over its parameters
    /// and transaction (and disposing it); or <paramref name="initialized"/> itself. Dispose the result after use.
    /// </summary>
    public DbCommand Reuse(DbConnection connection, DbCommand initialized)
    {
        ArgumentNullException.ThrowIfNull(initialized);
        if (initialized is not SqliteCommand command || connection is not SqliteConnection sqlite)
        {
            return initialized;
        }

        StatementCache? cache;
        lock (gate)
        {
            kept.TryGetValue(sqlite, out cache);
        }

        return cache is null ? initialized : cache.Take(command);
    }

    public void Dispose()
    {
        List<SqliteConnection> open;
        lock (gate)
        {
            disposed = true;
            open = [.. idle];
            idle.Clear();
        }

        foreach (var connection in open)
        {
            Forget(connection);
            connection.Dispose();
        }
    }

    /// <summary>Stops keeping <paramref name="connection"/>; its compiled statements are finalized.</summary>
    private void Forget(SqliteConnection connection)
    {
        StatementCache? cache;
        lock (gate)
        {
            kept.Remove(connection, out cache);
        }

        cache?.Dispose();
    }

    /// <summary>One kept connection's compiled statements, by SQL text; used by one context at a time.</summary>
    private sealed class StatementCache(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, ReusedCommand> commands = new(StringComparer.Ordinal);
        private long clock;

        /// <summary>The cached command for <paramref name="initialized"/>'s SQL, set up like it; or it itself.</summary>
        public DbCommand Take(SqliteCommand initialized)
        {
            if (!commands.TryGetValue(initialized.CommandText, out var reused))
            {
                if (commands.Count >= StatementsPerConnection && !EvictLeastRecentlyUsed())
                {
                    return initialized;
                }

                reused = new ReusedCommand(connection.CreateCommand(), initialized.CommandText);
                commands.Add(initialized.CommandText, reused);
            }
            else if (reused.InUse)
            {
                return initialized;
            }

            reused.Adopt(initialized, ++clock);
            initialized.Dispose();
            return reused;
        }

        public void Dispose()
        {
            foreach (var command in commands.Values)
            {
                command.Release();
            }

            commands.Clear();
        }

        private bool EvictLeastRecentlyUsed()
        {
            var oldest = commands.Values.Where(c => !c.InUse).MinBy(c => c.LastUsed);
            if (oldest is null)
            {
                return false;
            }

            commands.Remove(oldest.CommandText);
            oldest.Release();
            return true;
        }
    }

    /// <summary>
    /// A compiled command EF borrows for one execution: its parameters, transaction and timeout are EF's, and
    /// disposing it only hands it back.
    /// </summary>
    [SuppressMessage("Security", "CA2100", Justification = "The SQL is EF Core's own, generated with parameters.")]
    private sealed class ReusedCommand : DbCommand
    {
        private readonly SqliteCommand inner;

        public ReusedCommand(SqliteCommand inner, string commandText)
        {
            this.inner = inner;
            inner.CommandText = commandText;
        }

        public bool InUse { get; private set; }

        public long LastUsed { get; private set; }

        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value;
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        protected override DbConnection? DbConnection
        {
            get => inner.Connection;
            set => inner.Connection = (SqliteConnection?)value;
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = (SqliteTransaction?)value;
        }

        /// <summary>Takes over the parameters, transaction and timeout EF set on <paramref name="initialized"/>.</summary>
        public void Adopt(SqliteCommand initialized, long now)
        {
            var parameters = initialized.Parameters.Cast<SqliteParameter>().ToArray();
            initialized.Parameters.Clear();
            inner.Parameters.Clear();
            inner.Parameters.AddRange(parameters);
            inner.Transaction = initialized.Transaction;
            inner.CommandTimeout = initialized.CommandTimeout;
            InUse = true;
            LastUsed = now;
        }

        /// <summary>Finalizes the compiled statements for good (eviction, or the connection is let go).</summary>
        public void Release() => inner.Dispose();

        public override void Cancel() => inner.Cancel();

        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();

        public override object? ExecuteScalar() => inner.ExecuteScalar();

        public override void Prepare() => inner.Prepare();

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => inner.ExecuteNonQueryAsync(cancellationToken);

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => inner.ExecuteScalarAsync(cancellationToken);

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await inner.ExecuteReaderAsync(behavior, cancellationToken);

        // Note: EF disposes every command after its execution; that returns this one to its cache.
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Parameters.Clear();
                inner.Transaction = null;
                InUse = false;
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>
/// The SQLite provider's connection with its connections kept open by <see cref="SqliteConnectionReuse"/>: a kept
/// connection is taken when EF creates one, stays open when EF closes it, and goes back when EF disposes it.
/// </summary>
/// <remarks>
/// Note: EF opens a connection only when it is closed and closes only what it opened; a kept connection is already
/// open, so EF treats it as one the application opened. It still closes it when the context is reset (back to the
/// pool), which is why closing is overridden here and not intercepted.
/// </remarks>
[SuppressMessage("Usage", "EF1001", Justification = "The provider's connection is the extension point for how connections are created, closed and disposed.")]
public sealed class KeptSqliteRelationalConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    private readonly SqliteConnectionReuse? reuse = dependencies.ContextOptions.FindExtension<CoreOptionsExtension>()?.Interceptors?
        .OfType<SqliteConnectionReuse>()
        .SingleOrDefault();

    /// <summary>The kept connections this context's connection comes from, if any.</summary>
    public SqliteConnectionReuse? Reuse => reuse;

    protected override DbConnection CreateDbConnection()
    {
        if (reuse?.TryRent(ConnectionString) is { } rented)
        {
            return rented;
        }

        var created = base.CreateDbConnection();
        if (created is SqliteConnection sqlite)
        {
            reuse?.Adopt(sqlite);
        }

        return created;
    }

    protected override void CloseDbConnection()
    {
        if (reuse?.IsKept(DbConnection) != true)
        {
            base.CloseDbConnection();
        }
    }

    protected override Task CloseDbConnectionAsync() =>
        reuse?.IsKept(DbConnection) == true ? Task.CompletedTask : base.CloseDbConnectionAsync();

    protected override void DisposeDbConnection()
    {
        if (reuse?.TryReturn(DbConnection) != true)
        {
            base.DisposeDbConnection();
        }
    }

    protected override ValueTask DisposeDbConnectionAsync() =>
        reuse?.TryReturn(DbConnection) == true ? ValueTask.CompletedTask : base.DisposeDbConnectionAsync();
}
