using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

using Portico.Web.Infrastructure.Email;

namespace Portico.Tests.Infrastructure;

/// <summary>
/// Hosts Portico for integration tests: in-memory SQLite with the connection held open (default), or a fresh
/// database on the real PostgreSQL server when <c>PORTICO_TEST_POSTGRES</c> holds a connection string to it.
/// Email goes to a pickup directory of the factory's own, read back by <see cref="Outbox"/>.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string PostgresVariable = "PORTICO_TEST_POSTGRES";

    private readonly SqliteConnection? sqlite;
    private readonly string? postgresConnectionString;
    private readonly string postgresDatabase = "portico_test_" + Guid.NewGuid().ToString("N");

    public PortalFactory()
        : this(sqliteFile: false)
    {
    }

    /// <param name="sqliteFile">On SQLite, a database file in the factory's own folder instead of an in-memory one.</param>
    protected PortalFactory(bool sqliteFile)
    {
        PickupDirectory = Path.Combine(Path.GetTempPath(), "portico-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PickupDirectory);
        Outbox = new Outbox(PickupDirectory, () => Services.GetRequiredService<NoticeMailChannel>().WaitUntilIdleAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult());
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(postgres) && sqliteFile)
        {
            SqliteConnectionString = $"Data Source={Path.Combine(PickupDirectory, "portico.db")}";
        }
        else if (string.IsNullOrWhiteSpace(postgres))
        {
            // Note: a named shared in-memory database lives while one connection to it is open; the app opens its own.
            SqliteConnectionString = $"Data Source=portico-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
            sqlite = new SqliteConnection(SqliteConnectionString);
            sqlite.Open();
        }
        else
        {
            postgresConnectionString = new NpgsqlConnectionStringBuilder(postgres) { Database = postgresDatabase }.ConnectionString;
        }
    }

    public string? SqliteConnectionString { get; }

    public static bool UsesPostgres => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public string PickupDirectory { get; }

    public Outbox Outbox { get; }

    /// <summary>The SQL EF runs for the contexts a test watches.</summary>
    public CommandLog Commands { get; } = new();

    /// <summary>Extra configuration a test class needs (set before the first request).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        // Note: cheaper Argon2 parameters keep the suite fast; the hasher's own tests use the OWASP ones.
        ["Portico:Passwords:Argon2:MemoryKiB"] = "8192",
        ["Portico:Passwords:Argon2:Iterations"] = "1",
        ["Portico:RateLimits:PublicFormPermits"] = "1000",

        // Note: tests drive the relationship lifecycle worker themselves (RelationshipLifecycleWorker.TickAsync).
        ["Portico:Relationships:Worker:Enabled"] = "false",
        ["Portico:Audit:Worker:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Portico:Email:PickupDirectory", PickupDirectory);
        builder.UseSetting("Portico:Database:Provider", postgresConnectionString is null ? "Sqlite" : "Postgres");
        builder.UseSetting("ConnectionStrings:Portico", postgresConnectionString ?? SqliteConnectionString);

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IInterceptor>(Commands);
        });
    }

    /// <summary>A scope for arranging data directly through the DbContext (builders) and asserting on it.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            sqlite?.Dispose();
            ClearSqliteFilePool();
            DropPostgresDatabase();
            try
            {
                Directory.Delete(PickupDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Closes the pooled connections to the database file, which is deleted with the factory's folder.</summary>
    private void ClearSqliteFilePool()
    {
        if (sqlite is null && SqliteConnectionString is not null)
        {
            using var connection = new SqliteConnection(SqliteConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    private void DropPostgresDatabase()
    {
        if (postgresConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Database = "postgres" };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        using DbCommand command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)";
        command.ExecuteNonQuery();
    }
}
