using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Cli;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;

namespace Portico.Tests.Cli;

/// <summary>Console output is process-wide, so the CLI tests run alone.</summary>
[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;

[Collection(nameof(ConsoleOutput))]
public sealed class CliTests : IClassFixture<PortalFactory>
{
    private static readonly SemaphoreSlim ConsoleLock = new(1, 1);
    private readonly PortalFactory factory;

    public CliTests(PortalFactory factory) => this.factory = factory;

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var services = factory.Services;
        await ConsoleLock.WaitAsync(ApiClient.Ct);
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            var exit = await PorticoCli.RunAsync(PorticoCli.Parse(args), services);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            ConsoleLock.Release();
        }
    }

    /// <summary>The indented JSON object a <c>--json</c> command printed (log lines may surround it).</summary>
    private static JsonElement JsonIn(string output)
    {
        var start = output.IndexOf("{\n", StringComparison.Ordinal);
        var end = output.IndexOf("\n}", start + 1, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, output);
        return JsonDocument.Parse(output[start..(end + 2)]).RootElement.Clone();
    }

    [Fact]
    public async Task OrgCreate_Json_PrintsIdsAndAOneTimePasswordThatSignsIn()
    {
        var admin = Builders.UniqueEmail("founder", "wingtip.example");

        var (exit, output, error) = await RunAsync("org", "create", "--name", "Wingtip Toys", "--type", "IndirectReseller",
            "--programs", "PartnerNetwork,CloudReseller", "--admin-email", admin, "--admin-name", "Wen Founder", "--country", "jp", "--json");

        Assert.True(exit == 0, error);
        var json = JsonIn(output);
        var orgId = json.GetProperty("organizationId").GetGuid();
        Assert.Matches("^[0-9]{7}$", json.GetProperty("partnerId").GetString());
        Assert.Equal(admin, json.GetProperty("adminEmail").GetString());
        var password = json.GetProperty("temporaryPassword").GetString()!;
        Assert.True(password.Length >= 20, password);

        var session = await factory.CreateClient().PostSessionAsync(admin, password);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var body = await session.JsonAsync();
        Assert.True(body.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(orgId, body.GetProperty("account").GetProperty("organizationId").GetGuid());

        var audited = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetOrganizationId == orgId).ToListAsync(ApiClient.Ct));
        Assert.Contains(audited, e => e.Type == AuditEventType.OrganizationCreated);
        Assert.Contains(audited, e => e.Type == AuditEventType.AccountCreated);
        Assert.DoesNotContain(audited, e => (e.Details ?? "").Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OrgCreate_Text_PrintsPartnerIdAndPassword()
    {
        var (exit, output, _) = await RunAsync("org", "create", "--name", "Tailspin", "--type", "Direct", "--programs", "Referrals",
            "--admin-email", Builders.UniqueEmail("t", "tailspin.example"), "--admin-name", "Tai Spin");

        Assert.Equal(0, exit);
        Assert.Matches("Partner ID:\\s+[0-9]{7}", output);
        Assert.Contains("One-time password:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("org", "create", "--type", "Direct")]
    [InlineData("org", "create", "--name", "X", "--type", "Nope", "--programs", "Referrals", "--admin-email", "a@x.example", "--admin-name", "A")]
    [InlineData("org", "create", "--name", "X", "--type", "Direct", "--programs", "NoSuchProgram", "--admin-email", "a@x.example", "--admin-name", "A")]
    [InlineData("org", "create", "--name", "X", "--type", "Direct", "--programs", "Referrals", "--admin-email", "not-an-email", "--admin-name", "A")]
    [InlineData("no", "such", "command")]
    public async Task Cli_BadArguments_ExitsTwoWithoutWriting(params string[] args)
    {
        var before = await factory.CountsAsync();

        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Fact]
    public async Task StaffCreate_Json_CreatesOperatorWhoMustChangePassword()
    {
        var email = Builders.UniqueEmail("support", "portico.example");

        var (exit, output, error) = await RunAsync("staff", "create", "--email", email, "--name", "Sue Port", "--roles", "SupportAgent,VerificationAgent", "--json");

        Assert.True(exit == 0, error);
        var json = JsonIn(output);
        var session = await (await factory.CreateClient().PostSessionAsync(email, json.GetProperty("temporaryPassword").GetString()!)).JsonAsync();
        Assert.True(session.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal("Staff", session.GetProperty("account").GetProperty("kind").GetString());
        var me = await (await factory.ApiClientFor(session.GetProperty("token").GetString()!).GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.Equal(["SupportAgent", "VerificationAgent"], me.GetProperty("operatorRoles").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UserCreate_ByPartnerId_AddsWorkAccountWithRoles()
    {
        var org = await factory.AnOrganizationAsync();
        var email = Builders.UniqueEmail("new");

        var (exit, output, error) = await RunAsync("user", "create", "--org", org.Organization.PartnerId, "--email", email, "--name", "Nia New", "--roles", "ReferralsUser", "--json");

        Assert.True(exit == 0, error);
        var session = await (await factory.CreateClient().PostSessionAsync(email, JsonIn(output).GetProperty("temporaryPassword").GetString()!)).JsonAsync();
        Assert.Equal(org.Organization.Id, session.GetProperty("account").GetProperty("organizationId").GetGuid());
    }

    [Fact]
    public async Task AuditVerify_CleanDatabase_ExitsZero()
    {
        await factory.AnOrganizationAsync();

        var (exit, output, error) = await RunAsync("audit", "verify");

        Assert.True(exit == 0, error);
        Assert.Contains("Audit trail intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_AlteredRow_ExitsOneNamingTheRow()
    {
        var org = await factory.AnOrganizationAsync();
        var row = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking()
            .SingleAsync(e => e.TargetOrganizationId == org.Organization.Id && e.Type == AuditEventType.OrganizationCreated, ApiClient.Ct));
        await SqlAsync("UPDATE \"AuditEvents\" SET \"Details\" = {0} WHERE \"Id\" = {1}", "{\"partnerId\":\"0000000\"}", row.Id);
        try
        {
            var (exit, _, error) = await RunAsync("audit", "verify");

            Assert.Equal(1, exit);
            Assert.Contains($"row id {row.Id}", error, StringComparison.Ordinal);
            Assert.Contains($"chain {row.Chain}", error, StringComparison.Ordinal);
        }
        finally
        {
            await SqlAsync("UPDATE \"AuditEvents\" SET \"Details\" = {0} WHERE \"Id\" = {1}", row.Details!, row.Id);
        }

        Assert.Equal(0, (await RunAsync("audit", "verify")).Exit);
    }

    [Fact]
    public async Task ImportAspNetIdentity_V2AndV3Hashes_SignInAndAreRehashedToArgon2id()
    {
        var org = await factory.AnOrganizationAsync();
        var v3Email = Builders.UniqueEmail("v3", "legacy.example");
        var v2Email = Builders.UniqueEmail("v2", "legacy.example");
        const string v3Password = "legacy-identity-v3-password";
        const string v2Password = "legacy-identity-v2-password";
        var v2Hasher = new PasswordHasher<Account>(Microsoft.Extensions.Options.Options.Create(
            new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        var file = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.db");
        try
        {
            await using (var source = new SqliteConnection($"Data Source={file}"))
            {
                await source.OpenAsync(ApiClient.Ct);
                await using var create = source.CreateCommand();
                create.CommandText = """
                    CREATE TABLE AspNetUsers (Id TEXT PRIMARY KEY, UserName TEXT, Email TEXT, PasswordHash TEXT, EmailConfirmed INTEGER NOT NULL);
                    INSERT INTO AspNetUsers VALUES ('1', $v3, $v3, $v3hash, 1);
                    INSERT INTO AspNetUsers VALUES ('2', $v2, $v2, $v2hash, 0);
                    INSERT INTO AspNetUsers VALUES ('3', 'not an email', NULL, NULL, 0);
                    """;
                create.Parameters.AddWithValue("$v3", v3Email);
                create.Parameters.AddWithValue("$v3hash", new PasswordHasher<Account>().HashPassword(new Account(), v3Password));
                create.Parameters.AddWithValue("$v2", v2Email);
                create.Parameters.AddWithValue("$v2hash", v2Hasher.HashPassword(new Account(), v2Password));
                await create.ExecuteNonQueryAsync(ApiClient.Ct);
            }

            SqliteConnection.ClearAllPools();

            var (exit, output, error) = await RunAsync("import", "aspnet-identity", "--connection", $"Data Source={file}", "--org", org.Organization.Id.ToString(), "--roles", "ReferralsUser");

            Assert.True(exit == 0, error);
            Assert.Contains("Imported 2 users", output, StringComparison.Ordinal);
            Assert.Contains("skipped 1", output, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }

        foreach (var (email, password) in new[] { (v3Email, v3Password), (v2Email, v2Password) })
        {
            Assert.False((await factory.AccountAsync(email)).PasswordHash!.StartsWith('$'));
            await (await factory.CreateClient().PostSessionAsync(email, password + "x")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

            var session = await factory.CreateClient().PostSessionAsync(email, password);

            Assert.Equal(HttpStatusCode.OK, session.StatusCode);
            var account = await factory.AccountAsync(email);
            Assert.Equal(org.Organization.Id, account.OrganizationId);
            Assert.StartsWith("$argon2id$v=19$", account.PasswordHash, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(email, password)).StatusCode);
        }

        Assert.True((await factory.AccountAsync(v3Email)).EmailConfirmed);
        Assert.False((await factory.AccountAsync(v2Email)).EmailConfirmed);
    }

    private Task<int> SqlAsync(string sql, params object[] parameters) =>
        factory.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, parameters, ApiClient.Ct));
}
