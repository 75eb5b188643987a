using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Bench.Users;

/// <summary>Loads the data set straight into a migrated database (raw ADO.NET, no change tracking).</summary>
internal static class Loaders
{
    private static readonly string PasswordHashLike = "$argon2id$v=19$m=19456,t=2,p=1$" + new string('x', 22) + "$" + new string('y', 43);

    public static DbContextOptions<AppDbContext> Options(bool postgres, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = postgres ? "Postgres" : "Sqlite" }, connectionString);
        return builder.Options;
    }

    /// <summary>Applies the real migrations (so the benchmark measures the shipped schema), as the app does at start.</summary>
    public static async Task MigrateAsync(DbContextOptions<AppDbContext> options)
    {
        await using var db = new AppDbContext(options);
        db.Database.SetCommandTimeout(DatabaseSetup.MigrationTimeout);
        await db.Database.MigrateAsync();
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }

    public static async Task<TimeSpan> LoadSqliteAsync(string connectionString, Dataset data)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;");
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var org = connection.CreateCommand();
            org.Transaction = tx;
            org.CommandText = """
                INSERT INTO Organizations (Id, PartnerId, DisplayName, Type, Country, VerificationStatus, MfaPolicy, CreatedUtc)
                VALUES ($id, $partner, $name, $type, $country, $verification, $mfa, $created)
                """;
            var p = AddParameters(org, "$id", "$partner", "$name", "$type", "$country", "$verification", "$mfa", "$created");
            foreach (var o in data.Organizations)
            {
                p[0].Value = SqliteGuid(o.Id);
                p[1].Value = o.PartnerId;
                p[2].Value = o.DisplayName;
                p[3].Value = nameof(PartnerType.Direct);
                p[4].Value = o.JapaneseShare > 0.5 ? "JP" : "US";
                p[5].Value = nameof(VerificationStatus.Verified);
                p[6].Value = nameof(MfaPolicy.SensitiveCapabilities);
                p[7].Value = SqliteDate(Dataset.Epoch);
                await org.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var account = connection.CreateCommand();
            account.Transaction = tx;
            account.CommandText = """
                INSERT INTO Accounts (Id, Kind, OrganizationId, DisplayName, NameReading, MustChangePassword, IsBlocked, CreatedUtc,
                    FailedSignInCount, LockoutCount, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PasswordHash,
                    SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount, SearchKey)
                VALUES ($id, 'Work', $org, $name, $reading, 0, 0, $created, 0, 0, $user, $nuser, $email, $nemail, 1, $hash,
                    $stamp, $cstamp, 0, 0, 1, 0, $key)
                """;
            var a = AddParameters(account, "$id", "$org", "$name", "$reading", "$created", "$user", "$nuser", "$email", "$nemail", "$hash", "$stamp", "$cstamp", "$key");
            await using var role = connection.CreateCommand();
            role.Transaction = tx;
            role.CommandText = "INSERT INTO RoleAssignments (Id, AccountId, OrganizationId, Role, AssignedUtc) VALUES ($id, $account, $org, $role, $at)";
            var r = AddParameters(role, "$id", "$account", "$org", "$role", "$at");
            var i = 0;
            foreach (var x in data.Accounts())
            {
                var id = SqliteGuid(x.Id);
                var orgId = SqliteGuid(data.Organizations[x.OrgIndex].Id);
                var userName = "acct-" + x.Id.ToString("N");
                a[0].Value = id;
                a[1].Value = orgId;
                a[2].Value = x.DisplayName;
                a[3].Value = (object?)x.NameReading ?? DBNull.Value;
                a[4].Value = SqliteDate(x.CreatedUtc);
                a[5].Value = userName;
                a[6].Value = userName.ToUpperInvariant();
                a[7].Value = x.Email;
                a[8].Value = x.Email.ToUpperInvariant();
                a[9].Value = PasswordHashLike;
                a[10].Value = x.Id.ToString("N").ToUpperInvariant();
                a[11].Value = x.Id.ToString();
                a[12].Value = x.SearchKey;
                await account.ExecuteNonQueryAsync();
                r[0].Value = SqliteGuid(Dataset.DeterministicGuid(3, i++));
                r[1].Value = id;
                r[2].Value = orgId;
                r[3].Value = x.Role;
                r[4].Value = SqliteDate(x.CreatedUtc);
                await role.ExecuteNonQueryAsync();
            }

            await tx.CommitAsync();
        }

        await ExecAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return watch.Elapsed;
    }

    public static async Task<TimeSpan> LoadPostgresAsync(string connectionString, Dataset data)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 2;");

        // Note: secondary indexes are dropped for the COPY and rebuilt from their own definitions afterwards (the
        // same indexes the migrations made, built in bulk instead of row by row).
        var indexes = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = 'public' AND i.tablename IN ('Accounts', 'RoleAssignments')
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
                """;
            await using var reader = await list.ExecuteReaderAsync();
            var names = new List<string>();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
                indexes.Add(reader.GetString(1));
            }

            await reader.CloseAsync();
            foreach (var name in names)
            {
                await ExecAsync(connection, $"DROP INDEX \"{name}\"");
            }
        }

        await using (var org = await connection.BeginBinaryImportAsync(
            "COPY \"Organizations\" (\"Id\", \"PartnerId\", \"DisplayName\", \"Type\", \"Country\", \"VerificationStatus\", \"MfaPolicy\", \"CreatedUtc\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var o in data.Organizations)
            {
                await org.StartRowAsync();
                await org.WriteAsync(o.Id, NpgsqlDbType.Uuid);
                await org.WriteAsync(o.PartnerId);
                await org.WriteAsync(o.DisplayName);
                await org.WriteAsync(nameof(PartnerType.Direct));
                await org.WriteAsync(o.JapaneseShare > 0.5 ? "JP" : "US");
                await org.WriteAsync(nameof(VerificationStatus.Verified));
                await org.WriteAsync(nameof(MfaPolicy.SensitiveCapabilities));
                await org.WriteAsync(Dataset.Epoch, NpgsqlDbType.TimestampTz);
            }

            await org.CompleteAsync();
        }

        await using (var accounts = await connection.BeginBinaryImportAsync("""
            COPY "Accounts" ("Id", "Kind", "OrganizationId", "DisplayName", "NameReading", "MustChangePassword", "IsBlocked", "CreatedUtc",
                "FailedSignInCount", "LockoutCount", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash",
                "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "SearchKey")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var x in data.Accounts())
            {
                var userName = "acct-" + x.Id.ToString("N");
                await accounts.StartRowAsync();
                await accounts.WriteAsync(x.Id, NpgsqlDbType.Uuid);
                await accounts.WriteAsync(nameof(AccountKind.Work));
                await accounts.WriteAsync(data.Organizations[x.OrgIndex].Id, NpgsqlDbType.Uuid);
                await accounts.WriteAsync(x.DisplayName);
                if (x.NameReading is null)
                {
                    await accounts.WriteNullAsync();
                }
                else
                {
                    await accounts.WriteAsync(x.NameReading);
                }

                await accounts.WriteAsync(false);
                await accounts.WriteAsync(false);
                await accounts.WriteAsync(x.CreatedUtc, NpgsqlDbType.TimestampTz);
                await accounts.WriteAsync(0);
                await accounts.WriteAsync(0);
                await accounts.WriteAsync(userName);
                await accounts.WriteAsync(userName.ToUpperInvariant());
                await accounts.WriteAsync(x.Email);
                await accounts.WriteAsync(x.Email.ToUpperInvariant());
                await accounts.WriteAsync(true);
                await accounts.WriteAsync(PasswordHashLike);
                await accounts.WriteAsync(x.Id.ToString("N").ToUpperInvariant());
                await accounts.WriteAsync(x.Id.ToString());
                await accounts.WriteAsync(false);
                await accounts.WriteAsync(false);
                await accounts.WriteAsync(true);
                await accounts.WriteAsync(0);
                await accounts.WriteAsync(x.SearchKey);
            }

            await accounts.CompleteAsync();
        }

        await using (var roles = await connection.BeginBinaryImportAsync(
            "COPY \"RoleAssignments\" (\"Id\", \"AccountId\", \"OrganizationId\", \"Role\", \"AssignedUtc\") FROM STDIN (FORMAT BINARY)"))
        {
            var i = 0;
            foreach (var x in data.Accounts())
            {
                await roles.StartRowAsync();
                await roles.WriteAsync(Dataset.DeterministicGuid(3, i++), NpgsqlDbType.Uuid);
                await roles.WriteAsync(x.Id, NpgsqlDbType.Uuid);
                await roles.WriteAsync(data.Organizations[x.OrgIndex].Id, NpgsqlDbType.Uuid);
                await roles.WriteAsync(x.Role);
                await roles.WriteAsync(x.CreatedUtc, NpgsqlDbType.TimestampTz);
            }

            await roles.CompleteAsync();
        }

        foreach (var definition in indexes)
        {
            await ExecAsync(connection, definition);
        }

        foreach (var table in new[] { "Organizations", "Accounts", "RoleAssignments" })
        {
            await ExecAsync(connection, $"VACUUM ANALYZE \"{table}\"");
        }

        return watch.Elapsed;
    }

    /// <summary>EF Core's SQLite text forms: upper-case GUIDs and "yyyy-MM-dd HH:mm:ss.FFFFFFF" dates.</summary>
    public static string SqliteGuid(Guid id) => id.ToString().ToUpperInvariant();

    private static string SqliteDate(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static SqliteParameter[] AddParameters(SqliteCommand command, params string[] names)
    {
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        command.Prepare();
        return parameters;
    }

    public static async Task ExecAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
