using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;
using Portico.Bench.Users;

// bench/users: user search and listing at scale on SQLite and PostgreSQL, through the real UserQueries, against naive
// SQL in the same run; then one access decision under BenchmarkDotNet. Touches only a temp dir and 127.0.0.1.
if (args.Contains("--print-terms"))
{
    foreach (var term in SearchBench.DrawableTerms())
    {
        Console.Out.WriteLine(term);
    }

    return;
}

var options = Args.Parse(args);
var inv = CultureInfo.InvariantCulture;
var output = Console.Out;
var data = new Dataset(options.Accounts, options.Organizations, options.Large);

output.WriteLine($"# bench/users — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
output.WriteLine();
output.WriteLine("| machine | value |");
output.WriteLine("|---|---|");
output.WriteLine($"| cores | {Environment.ProcessorCount} |");
output.WriteLine($"| memory | {Machine.MemoryGiB():F0} GiB |");
output.WriteLine($"| CPU | {Machine.CpuModel()} |");
output.WriteLine($"| OS | {Environment.OSVersion} |");
output.WriteLine($"| .NET | {Environment.Version} |");
output.WriteLine(string.Create(inv, $"| data set | {data.AccountCount:N0} accounts, {data.OrganizationCount:N0} organizations, largest {data.LargeOrganizationSize:N0}; Japanese (kanji + kana reading) and Latin names mixed |"));
output.WriteLine(string.Create(inv, $"| repetitions | {options.Repetitions} per indexed query (after 10 warm-up), naive: {Math.Max(10, options.Repetitions / 10)} (large org) / {options.Repetitions / 2} (typical org) |"));
output.WriteLine();

var plans = new List<SearchBench>();
if (!options.SkipSqlite)
{
    // Note: --sqlite-file keeps a loaded file between runs (loaded once, migrated again on each run); otherwise a temp dir.
    var dir = options.SqliteFile is null ? Directory.CreateTempSubdirectory("portico-bench-users-") : null;
    var file = options.SqliteFile ?? Path.Combine(dir!.FullName, "portico.db");
    try
    {
        var target = new Target("SQLite", postgres: false, $"Data Source={file}");
        var exists = File.Exists(file);
        await Loaders.MigrateAsync(target.Options);
        var version = await Machine.ScalarAsync(target, "SELECT sqlite_version()");
        var size = () => new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
        if (!exists)
        {
            var load = await Loaders.LoadSqliteAsync(target.ConnectionString, data);
            output.WriteLine(string.Create(inv, $"SQLite {version}: generated and loaded in {load.TotalSeconds:F0} s (with indexes and search triggers), file {size() / 1048576.0:F0} MiB."));
        }
        else
        {
            output.WriteLine(string.Create(inv, $"SQLite {version}: reused {file}, {size() / 1048576.0:F0} MiB."));
        }

        output.WriteLine();

        // Note: --commit-between (SQLite only): another connection commits before every timed query, as sign-ins and
        // edits do on a live portal. SQLite drops a connection's page cache (and memory map, where one is set) when
        // another connection has committed since its last read, so a quiet file alone flatters reads (ADR-0022).
        await using var writer = options.CommitBetween ? target.Connect() : null;
        var commits = 0;
        Func<Task>? between = null;
        if (writer is not null)
        {
            await writer.OpenAsync();
            between = async () =>
            {
                await using var command = writer.CreateCommand();
                command.CommandText = string.Create(inv, $"PRAGMA user_version = {++commits % 1000}");
                await command.ExecuteNonQueryAsync();
            };
            output.WriteLine("Another connection commits before every timed query (--commit-between).");
            output.WriteLine();
        }

        var bench = new SearchBench(target, data, options.Repetitions, between);
        await bench.RunAsync();
        bench.Print(output);
        plans.Add(bench);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        dir?.Delete(recursive: true);
    }
}

if (options.Postgres is { } server)
{
    // Note: --postgres-database keeps a loaded database between runs; otherwise a fresh one is created and dropped.
    var keep = options.PostgresDatabase is not null;
    var database = options.PostgresDatabase ?? "portico_bench_" + Guid.NewGuid().ToString("N")[..12];
    var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString;
    var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    var exists = keep && await Machine.DatabaseExistsAsync(admin, database);
    if (!exists)
    {
        await Machine.ExecAsync(admin, $"CREATE DATABASE \"{database}\"");
    }

    try
    {
        var target = new Target("PostgreSQL", postgres: true, connectionString);
        var migration = Stopwatch.StartNew();
        await Loaders.MigrateAsync(target.Options);
        migration.Stop();
        var version = await Machine.ScalarAsync(target, "SHOW server_version");
        if (!exists)
        {
            var load = await Loaders.LoadPostgresAsync(connectionString, data);
            var size = await Machine.ScalarAsync(target, "SELECT pg_size_pretty(pg_database_size(current_database()))");
            output.WriteLine(string.Create(inv, $"PostgreSQL {version}: generated and loaded in {load.TotalSeconds:F0} s (COPY, then indexes built, VACUUM ANALYZE), database {size}."));
        }
        else
        {
            output.WriteLine(string.Create(inv, $"PostgreSQL {version}: reused database {database} (pending migrations applied in {migration.Elapsed.TotalSeconds:F1} s)."));
        }

        output.WriteLine();
        var bench = new SearchBench(target, data, options.Repetitions);
        await bench.RunAsync();
        bench.Print(output);
        plans.Add(bench);
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        if (!keep)
        {
            await Machine.ExecAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }
}

if (!options.SkipAccess)
{
    output.WriteLine("## One access decision: `AccessEvaluator.Evaluate` (BenchmarkDotNet, in-process, MemoryDiagnoser)");
    output.WriteLine();
    var artifacts = Directory.CreateTempSubdirectory("portico-bdn-");
    try
    {
        // Note: in-process (no generated project to build), so the run needs no network and stays in this process.
        var config = ManualConfig.CreateEmpty()
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(5).WithIterationCount(20))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddLogger(NullLogger.Instance)
            .WithArtifactsPath(artifacts.FullName)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<AccessDecisionBenchmark>(config);
        var logger = new AccumulationLogger();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
        output.WriteLine(logger.GetLog().Trim());
        output.WriteLine();
        output.WriteLine("Target: ≤ 5 µs per decision, no allocation-heavy path.");
        output.WriteLine();
    }
    finally
    {
        artifacts.Delete(recursive: true);
    }
}

foreach (var bench in plans)
{
    bench.PrintPlans(output);
}

internal sealed record Args(
    int Accounts, int Organizations, int Large, int Repetitions, string? Postgres, bool SkipSqlite, bool SkipAccess, string? SqliteFile, string? PostgresDatabase,
    bool CommitBetween)
{
    public static Args Parse(string[] args)
    {
        int Int(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        string? Text(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var postgres = Text("--postgres");
        return new Args(
            Int("--accounts", 1_000_000), Int("--organizations", 10_000), Int("--large", 200_000), Int("--repetitions", 200),
            string.IsNullOrWhiteSpace(postgres) ? null : postgres, args.Contains("--no-sqlite"), args.Contains("--no-access"), Text("--sqlite-file"), Text("--postgres-database"),
            args.Contains("--commit-between"));
    }
}
