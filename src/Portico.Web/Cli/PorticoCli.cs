using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Cli;

/// <summary>A parsed command line: the command words, its <c>--options</c>, and what is passed on to the host.</summary>
public sealed record CliCommand(string Name, IReadOnlyDictionary<string, string> Options, string[] HostArgs)
{
    public bool IsServe => Name == "serve";

    public bool Json => Options.ContainsKey("json");

    public string? Get(string option) => Options.TryGetValue(option, out var value) ? value : null;
}

/// <summary>
/// The command-line interface of the same executable (SPEC §10): <c>serve</c> (default), <c>migrate</c>,
/// <c>seed-demo</c>, <c>org create</c>, <c>user create</c>, <c>staff create</c>, <c>audit verify</c>,
/// <c>import aspnet-identity</c>. Exit codes: 0 success, 1 failure, 2 usage error.
/// </summary>
public static class PorticoCli
{
    private static readonly string[] Commands = ["migrate", "seed-demo", "org create", "user create", "staff create", "audit verify", "import aspnet-identity", "help"];

    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static CliCommand Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0].StartsWith('-') || args[0] == "serve")
        {
            return new CliCommand("serve", new Dictionary<string, string>(), args.Length > 0 && args[0] == "serve" ? args[1..] : args);
        }

        var words = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var name = string.Join(' ', words);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = words.Length; i < args.Length; i++)
        {
            var key = args[i].TrimStart('-');
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[key] = args[++i];
            }
            else
            {
                options[key] = "true";
            }
        }

        return new CliCommand(name, options, []);
    }

    public static async Task<int> RunAsync(CliCommand command, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!Commands.Contains(command.Name) || command.Name == "help")
        {
            await Console.Error.WriteLineAsync(Usage);
            return command.Name == "help" ? 0 : 2;
        }

        try
        {
            if (command.Name != "migrate")
            {
                await DatabaseSetup.MigrateAsync(services);
            }

            await using var scope = services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            return command.Name switch
            {
                "migrate" => await MigrateAsync(services),
                "seed-demo" => await SeedDemoAsync(sp),
                "org create" => await CreateOrganizationAsync(command, sp),
                "user create" => await CreateUserAsync(command, sp),
                "staff create" => await CreateStaffAsync(command, sp),
                "audit verify" => await VerifyAuditAsync(sp),
                "import aspnet-identity" => await ImportAsync(command, sp),
                _ => 2,
            };
        }
        catch (ProvisioningException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Code}: {e.Message}");
            return 2;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage}");
            return 2;
        }
    }

    public const string Usage = """
        usage: Portico.Web [command] [options]

          serve                              run the web app (default); --urls http://127.0.0.1:5080
          migrate                            apply database migrations
          seed-demo                          add the demo organizations and people to an empty database
          org create --name N --type Direct|IndirectProvider|IndirectReseller --programs P1,P2
                     --admin-email E --admin-name N [--country CC] [--json]
                                             prints the org id, Partner ID and the Global admin's one-time password
          user create --org ORG_ID|PARTNER_ID --email E --name N [--roles R1,R2] [--json]
          staff create --email E --name N --roles OperatorAdmin,SupportAgent,VerificationAgent [--json]
          audit verify                       check every audit hash chain; exit 1 naming the first bad row
          import aspnet-identity --connection CS --org ORG_ID|PARTNER_ID [--provider Sqlite|Postgres] [--roles R1,R2]
                                             copy an ASP.NET Core Identity database's users, keeping password hashes
        """;

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        await DatabaseSetup.MigrateAsync(services);
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(IServiceProvider sp)
    {
        var seeded = await sp.GetRequiredService<DemoData>().SeedIfEmptyAsync(CancellationToken.None);
        Console.WriteLine(seeded ? "Demo data added." : "The database is not empty; demo data was not added.");
        return 0;
    }

    private static async Task<int> CreateOrganizationAsync(CliCommand command, IServiceProvider sp)
    {
        var name = Required(command, "name");
        var type = ParseEnum<PartnerType>(Required(command, "type"), "type");
        var programs = List(command.Get("programs"));
        var created = await sp.GetRequiredService<OrganizationService>().CreateAsync(
            name, type, programs, Required(command, "admin-email"), Required(command, "admin-name"), command.Get("country") ?? "US");
        if (command.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                organizationId = created.Organization.Id,
                partnerId = created.Organization.PartnerId,
                adminAccountId = created.Admin.Id,
                adminEmail = created.Admin.Email,
                temporaryPassword = created.TemporaryPassword,
            }, JsonOutput));
        }
        else
        {
            Console.WriteLine($"Organization:       {created.Organization.DisplayName}");
            Console.WriteLine($"Organization id:    {created.Organization.Id}");
            Console.WriteLine($"Partner ID:         {created.Organization.PartnerId}");
            Console.WriteLine($"Global admin:       {created.Admin.Email}");
            Console.WriteLine($"One-time password:  {created.TemporaryPassword}");
            Console.WriteLine("The password is shown once; it must be changed at first sign-in.");
        }

        return 0;
    }

    private static async Task<int> CreateUserAsync(CliCommand command, IServiceProvider sp)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var org = await FindOrganizationAsync(db, Required(command, "org"));
        var created = await sp.GetRequiredService<OrganizationService>().AddWorkAccountAsync(
            org, Required(command, "email"), Required(command, "name"), List(command.Get("roles")), password: null, CancellationToken.None);
        await db.SaveChangesAsync();
        PrintAccount(command, created);
        return 0;
    }

    private static async Task<int> CreateStaffAsync(CliCommand command, IServiceProvider sp)
    {
        var created = await sp.GetRequiredService<OrganizationService>().CreateStaffAsync(
            Required(command, "email"), Required(command, "name"), List(command.Get("roles")), CancellationToken.None);
        PrintAccount(command, created);
        return 0;
    }

    private static void PrintAccount(CliCommand command, CreatedAccount created)
    {
        if (command.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                accountId = created.Account.Id,
                email = created.Account.Email,
                temporaryPassword = created.TemporaryPassword,
            }, JsonOutput));
            return;
        }

        Console.WriteLine($"Account id:         {created.Account.Id}");
        Console.WriteLine($"Email:              {created.Account.Email}");
        Console.WriteLine($"One-time password:  {created.TemporaryPassword}");
        Console.WriteLine("The password is shown once; it must be changed at first sign-in.");
    }

    private static async Task<int> VerifyAuditAsync(IServiceProvider sp)
    {
        var (rows, chains, problem) = await sp.GetRequiredService<AuditVerifier>().VerifyAsync(CancellationToken.None);
        if (problem is null)
        {
            Console.WriteLine($"Audit trail intact: {rows} rows in {chains} chains.");
            return 0;
        }

        await Console.Error.WriteLineAsync("Audit trail broken at " + AuditVerifier.Describe(problem));
        return 1;
    }

    private static async Task<int> ImportAsync(CliCommand command, IServiceProvider sp)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var org = await FindOrganizationAsync(db, Required(command, "org"));
        var connectionString = Required(command, "connection");
        var provider = command.Get("provider") ?? (connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "Postgres" : "Sqlite");
        var roles = List(command.Get("roles"));

        await using DbConnection connection = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
            ? "SELECT \"Email\", \"UserName\", \"PasswordHash\", \"EmailConfirmed\" FROM \"AspNetUsers\""
            : "SELECT Email, UserName, PasswordHash, EmailConfirmed FROM AspNetUsers";

        var service = sp.GetRequiredService<ImportService>();
        var rows = new List<ImportedUser>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new ImportedUser(
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    !reader.IsDBNull(3) && Convert.ToBoolean(reader.GetValue(3), CultureInfo.InvariantCulture)));
            }
        }

        var result = await service.ImportAsync(org, rows, roles, CancellationToken.None);
        Console.WriteLine($"Imported {result.Imported} users into {org.DisplayName} ({org.PartnerId}); skipped {result.Skipped.Count}.");
        foreach (var (email, reason) in result.Skipped)
        {
            Console.WriteLine($"  skipped {email}: {reason}");
        }

        return 0;
    }

    private static async Task<Organization> FindOrganizationAsync(AppDbContext db, string idOrPartnerId)
    {
        var org = Guid.TryParse(idOrPartnerId, out var id)
            ? await db.Organizations.SingleOrDefaultAsync(o => o.Id == id)
            : await db.Organizations.SingleOrDefaultAsync(o => o.PartnerId == idOrPartnerId);
        return org ?? throw new UsageException($"No organization with id or Partner ID '{idOrPartnerId}'.");
    }

    private static string Required(CliCommand command, string option) =>
        command.Get(option) is { Length: > 0 } value && value != "true" ? value : throw new UsageException($"--{option} is required.");

    private static string[] List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static T ParseEnum<T>(string value, string option)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new UsageException($"--{option} must be one of {string.Join(", ", Enum.GetNames<T>())}.");

    private sealed class UsageException(string message) : Exception(message);
}
