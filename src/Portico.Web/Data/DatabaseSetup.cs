using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;

namespace Portico.Web.Data;

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Apply pending migrations at start-up (on by default for self-hosting).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);
}

public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "Portico.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Portico.Migrations.Postgres";
    public const string DefaultSqliteConnection = "Data Source=data/portico.db";

    /// <summary>Registers <see cref="AppDbContext"/> on the configured provider with its migrations assembly.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        ResolveMigrationAssembliesBesideTheApp();
        var options = configuration.GetSection("Portico:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString("Portico");

        // Note: pooled contexts with options built once: a request no longer builds options, an interceptor and a
        // service scope for its context (≈ 4 % of a sign-in's CPU outside hashing, docs/benchmarks/signin.md).
        if (!options.IsPostgres)
        {
            services.AddSingleton(_ => CreateSqliteConnectionReuse(connectionString));
        }

        // Note: EF interceptors registered as services apply too (the tests record the SQL a context runs with one).
        services.AddDbContextPool<AppDbContext>((provider, builder) =>
        {
            Configure(builder, options, connectionString, options.IsPostgres ? null : provider.GetRequiredService<SqliteConnectionReuse>());
            builder.AddInterceptors(provider.GetServices<IInterceptor>());
        });
        return services;
    }

    /// <summary>
    /// Note: the migrations assemblies reference this one, so they are copied beside it after the build rather than
    /// referenced (see Portico.Web.csproj); they are not in the deps file, so they are loaded from the app folder here.
    /// </summary>
    private static void ResolveMigrationAssembliesBesideTheApp()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 1)
        {
            return;
        }

        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is not (SqliteMigrationsAssembly or PostgresMigrationsAssembly))
            {
                return null;
            }

            var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }

    private static int resolverInstalled;

    private static readonly Lazy<IModel> SqliteModel = new(() => CompiledModel(SqliteMigrationsAssembly));

    private static readonly Lazy<IModel> PostgresModel = new(() => CompiledModel(PostgresMigrationsAssembly));

    /// <summary>
    /// The provider's compiled model (ADR-0024), generated beside its migrations by scripts/compile-model.sh: EF Core
    /// then loads the model instead of building it from <see cref="AppDbContext"/>'s configuration on every start.
    /// </summary>
    /// <remarks>
    /// Note: loaded by name, as the migrations are, because the migrations assemblies reference this one. A test
    /// compares each compiled model with the model the configuration builds.
    /// </remarks>
    private static IModel CompiledModel(string migrationsAssembly)
    {
        ResolveMigrationAssembliesBesideTheApp();
        var typeName = migrationsAssembly + ".CompiledModel.AppDbContextModel";
        var type = Assembly.Load(migrationsAssembly).GetType(typeName, throwOnError: true)!;
        return type.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IModel
            ?? throw new InvalidOperationException($"{typeName} has no model instance; run scripts/compile-model.sh.");
    }

    /// <param name="reuse">On SQLite, keeps connections open with their compiled statements (the app passes its one instance).</param>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, string? connectionString, SqliteConnectionReuse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("ConnectionStrings:Portico is required when Portico:Database:Provider is Postgres.");
            }

            builder.UseModel(PostgresModel.Value)
                .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
        }
        else
        {
            var sqlite = SqliteConnection(connectionString);
            builder.UseModel(SqliteModel.Value)
                .UseSqlite(sqlite.ToString(), s => s.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(new SqlitePragmas());
            if (reuse is not null)
            {
#pragma warning disable EF1001 // Internal EF Core API: the SQLite provider's connection service, replaced by its subclass.
                builder.AddInterceptors(reuse).ReplaceService<ISqliteRelationalConnection, KeptSqliteRelationalConnection>();
#pragma warning restore EF1001
            }
        }
    }

    /// <summary>The kept SQLite connections the app configures its contexts with (ADR-0018).</summary>
    /// <remarks>
    /// Note: a context holds its connection from its first command to its end, and a sign-in waiting for a hashing
    /// slot holds its context, so two connections per core (those hashing and writing at once) plus 16 for sign-ins
    /// queued behind them stay open. With two per core only, each of the queued sign-ins at 8–16 concurrent clients
    /// opened an ordinary connection and compiled its statements anew: 0.3 ms more request work per sign-in
    /// (docs/benchmarks/signin.md, session 9). Beyond the limit contexts still get ordinary connections.
    /// </remarks>
    public static SqliteConnectionReuse CreateSqliteConnectionReuse(string? connectionString) =>
        new(SqliteConnection(connectionString).ToString(), (2 * Environment.ProcessorCount) + 16, SqlitePragmas.Apply);

    /// <summary>The SQLite connection string as EF gets it; creates the database file's folder.</summary>
    private static SqliteConnectionStringBuilder SqliteConnection(string? connectionString)
    {
        var sqlite = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(connectionString) ? DefaultSqliteConnection : connectionString);
        if (IsFileBacked(sqlite) && !string.IsNullOrEmpty(sqlite.DataSource))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return sqlite;
    }

    private static bool IsFileBacked(SqliteConnectionStringBuilder sqlite) => sqlite.Mode != SqliteOpenMode.Memory && sqlite.DataSource != ":memory:";

    /// <summary>How long one migration command may run.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromHours(1);

    /// <summary>Applies migrations; on SQLite also switches the file to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Note: MigrateAsync also diffs the model against the snapshot and takes the migration lock (≈ 190 ms of a
        // 2 s cold start, docs/benchmarks/signin.md); asking for pending migrations first is one history query.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            // Note: a migration may rewrite a large table (OrderedUserSearch: ≈ 3 minutes at 1,000,000 accounts); the
            // 30 s default would abort it half way on a big installation.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(MigrationTimeout);
            try
            {
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                db.Database.SetCommandTimeout(timeout);
            }
        }

        if (!db.IsPostgres && db.Database.GetDbConnection().DataSource is { Length: > 0 } source && !source.Contains(":memory:", StringComparison.Ordinal))
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
