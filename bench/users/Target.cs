using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Portico.Web.Data;

namespace Portico.Bench.Users;

/// <summary>One database under test: how to reach it through EF Core (the real code) and through plain ADO.NET (baselines).</summary>
internal sealed class Target
{
    public Target(string name, bool postgres, string connectionString)
    {
        Name = name;
        IsPostgres = postgres;
        ConnectionString = connectionString;
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        // Note: the app's own kept SQLite connections (ADR-0018), as the server configures them.
        DatabaseSetup.Configure(
            builder, new DatabaseOptions { Provider = postgres ? "Postgres" : "Sqlite" }, connectionString,
            postgres ? null : DatabaseSetup.CreateSqliteConnectionReuse(connectionString));
        builder.AddInterceptors(Capture);

        Options = builder.Options;
    }

    public string Name { get; }

    public bool IsPostgres { get; }

    public string ConnectionString { get; }

    public DbContextOptions<AppDbContext> Options { get; }

    /// <summary>The last command EF Core sent, to show its plan.</summary>
    public CommandCapture Capture { get; } = new();

    public DbConnection Connect() => IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    /// <summary>Quotes an identifier: PostgreSQL keeps EF Core's PascalCase names only when quoted.</summary>
    public string Q(string identifier) => IsPostgres ? "\"" + identifier + "\"" : identifier;

    public object Id(Guid id) => IsPostgres ? id : Loaders.SqliteGuid(id);

    public string Like => IsPostgres ? "ILIKE" : "LIKE";

    public static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

internal sealed class CommandCapture : DbCommandInterceptor
{
    public bool Enabled { get; set; }

    public string? CommandText { get; private set; }

    public List<(string Name, object? Value)> Parameters { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Enabled)
        {
            CommandText = command.CommandText;
            Parameters.Clear();
            foreach (DbParameter p in command.Parameters)
            {
                Parameters.Add((p.ParameterName, p.Value));
            }
        }

        return ValueTask.FromResult(result);
    }
}
