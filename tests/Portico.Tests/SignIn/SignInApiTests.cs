using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;

namespace Portico.Tests.SignIn;

public sealed class SignInApiTests : IClassFixture<DemoPortalFactory>
{
    private readonly DemoPortalFactory factory;

    public SignInApiTests(DemoPortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task CreateSession_WithWorkAccountPassword_ReturnsTokenThatOpensMe()
    {
        var client = factory.CreateClient();
        var response = await client.PostSessionAsync("alex.johnson@contoso.example", DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("mustChangePassword").GetBoolean());
        Assert.False(body.GetProperty("mfaRequired").GetBoolean());
        Assert.Equal("Contoso Cloud Solutions", body.GetProperty("account").GetProperty("organizationName").GetString());

        var me = await client.WithToken(body.GetProperty("token").GetString()!).GetAsync("/api/v1/me", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var account = (await me.JsonAsync()).GetProperty("account");
        Assert.Equal("Work", account.GetProperty("kind").GetString());
        Assert.Equal("alex.johnson@contoso.example", account.GetProperty("email").GetString());
    }

    [Fact]
    public async Task CreateSession_EmailInOtherCaseWithSpaces_SignsIn()
    {
        var response = await factory.CreateClient().PostSessionAsync("  Alex.Johnson@CONTOSO.example ", DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateSession_Success_IsAuditedWithoutThePassword()
    {
        var token = await factory.CreateClient().SignInAsync("sam.lee@contoso.example", DemoData.Password);
        var sam = await factory.AccountAsync("sam.lee@contoso.example");

        var events = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.TargetAccountId == sam.Id && e.Type == AuditEventType.SignInSucceeded).ToListAsync(ApiClient.Ct));

        var e = Assert.Single(events);
        Assert.Equal(sam.Id, e.ActorAccountId);
        Assert.DoesNotContain(DemoData.Password, e.Details ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(token, e.Details ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSession_PasswordMatchesWorkAndPersonal_AsksWhichAccount()
    {
        var response = await factory.CreateClient().PostSessionAsync(DemoData.SharedEmail, DemoData.Password);

        var body = await response.AssertProblemAsync(HttpStatusCode.Conflict, "account_selection_required");
        var accounts = body.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(2, accounts.Count);
        Assert.Contains(accounts, a => a.GetProperty("kind").GetString() == "Work"
            && a.GetProperty("organizationName").GetString() == "Contoso Cloud Solutions");
        Assert.Contains(accounts, a => a.GetProperty("kind").GetString() == "Personal"
            && (!a.TryGetProperty("organizationId", out var id) || id.ValueKind == JsonValueKind.Null));
        Assert.False(body.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("Work")]
    [InlineData("Personal")]
    [InlineData("personal")]
    public async Task CreateSession_AccountKindGiven_SignsInToThatAccount(string kind)
    {
        var client = factory.CreateClient();
        var response = await client.PostSessionAsync(DemoData.SharedEmail, DemoData.Password, kind);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(kind, body.GetProperty("account").GetProperty("kind").GetString(), ignoreCase: true);

        var me = await (await client.WithToken(body.GetProperty("token").GetString()!).GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.Equal(kind, me.GetProperty("account").GetProperty("kind").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task CreateSession_AccountKindWithoutSuchAccount_FailsGenerically()
    {
        var response = await factory.CreateClient().PostSessionAsync("alex.johnson@contoso.example", DemoData.Password, "Personal");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData("Work")]
    [InlineData("Personal")]
    public async Task CreateSession_PasswordMatchesOnlyOneOfTwoAccounts_SignsInToThatOneWithoutPicker(string matching)
    {
        var email = Builders.UniqueEmail("both", "contoso.example");
        var contoso = await factory.OrganizationIdAsync("Contoso Cloud Solutions");
        await factory.AWorkAccountAsync(contoso, email, matching == "Work" ? Builders.GoodPassword : Builders.OtherGoodPassword);
        await factory.APersonalAccountAsync(email, matching == "Personal" ? Builders.GoodPassword : Builders.OtherGoodPassword);

        var response = await factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(matching, (await response.JsonAsync()).GetProperty("account").GetProperty("kind").GetString());
    }

    /// <summary>
    /// SPEC §1/§4: the public cannot tell an unknown email, a wrong password, a locked account and a blocked account
    /// apart. Status, headers and body must be byte-identical.
    /// </summary>
    [Fact]
    public async Task CreateSession_UnknownWrongLockedOrBlocked_AnswersAreByteIdentical()
    {
        const string locked = "hana.helpdesk@northwind.example";
        const string blocked = "jun.ito@fabrikam.example";
        var client = factory.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            await client.PostSessionAsync(locked, $"guess-number-{i}-for-hana");
        }

        Assert.True((await factory.AccountAsync(locked)).LockedUntilUtc > factory.Time.GetUtcNow().UtcDateTime);
        await factory.UpdateAccountAsync(blocked, a => a.IsBlocked = true);

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["wrong password"] = await client.PostSessionAsync("alex.johnson@contoso.example", "not-the-right-password-1"),
            ["unknown email"] = await client.PostSessionAsync("nobody.here@contoso.example", "not-the-right-password-1"),
            ["unknown domain"] = await client.PostSessionAsync("someone@unknown-company.example", DemoData.Password),
            ["locked, right password"] = await client.PostSessionAsync(locked, DemoData.Password),
            ["locked, wrong password"] = await client.PostSessionAsync(locked, "not-the-right-password-1"),
            ["blocked, right password"] = await client.PostSessionAsync(blocked, DemoData.Password),
            ["blocked, wrong password"] = await client.PostSessionAsync(blocked, "not-the-right-password-1"),
        };

        var reference = answers["unknown email"];
        var referenceBody = await reference.Content.ReadAsStringAsync(ApiClient.Ct);
        await reference.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        foreach (var (name, answer) in answers)
        {
            Assert.True(reference.StatusCode == answer.StatusCode, $"{name}: status {answer.StatusCode}");
            Assert.True(referenceBody == await answer.Content.ReadAsStringAsync(ApiClient.Ct), $"{name}: body differs");
            Assert.True(reference.HeaderLines().SequenceEqual(answer.HeaderLines()),
                $"{name}: headers differ\n{string.Join('\n', reference.HeaderLines())}\n--\n{string.Join('\n', answer.HeaderLines())}");
        }

        // The locked account and the unknown email, once more, explicitly.
        Assert.Equal(referenceBody, await answers["locked, right password"].Content.ReadAsStringAsync(ApiClient.Ct));
    }

    [Fact]
    public async Task CreateSession_Failures_AreAuditedWithTheirInternalReason()
    {
        const string blocked = "ken.sato@northwind.example";
        await factory.UpdateAccountAsync(blocked, a => a.IsBlocked = true);
        var client = factory.CreateClient();
        var unknown = "unknown." + Guid.NewGuid().ToString("N")[..8] + "@contoso.example";

        await client.PostSessionAsync(unknown, "whatever-password-1");
        await client.PostSessionAsync("nora.admin@northwind.example", "whatever-password-2");
        await client.PostSessionAsync(blocked, DemoData.Password);

        var nora = await factory.AccountAsync("nora.admin@northwind.example");
        var ken = await factory.AccountAsync(blocked);
        var failures = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.SignInFailed).ToListAsync(ApiClient.Ct));

        var unknownRow = Assert.Single(failures, e => e.Details!.Contains(unknown, StringComparison.Ordinal));
        Assert.Equal(AuditEvent.PlatformChain, unknownRow.Chain);
        Assert.Contains("unknown_email", unknownRow.Details, StringComparison.Ordinal);
        Assert.Contains(failures, e => e.TargetAccountId == nora.Id && e.Details!.Contains("Work:wrong_password", StringComparison.Ordinal));
        Assert.Contains(failures, e => e.TargetAccountId == ken.Id && e.Details!.Contains("Work:blocked", StringComparison.Ordinal));
        Assert.All(failures, e => Assert.DoesNotContain("whatever-password", e.Details ?? "", StringComparison.Ordinal));
        Assert.All(failures, e => Assert.DoesNotContain(DemoData.Password, e.Details ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateSession_ImportedIdentityV3Hash_SignsInAndRehashesToArgon2id()
    {
        const string email = "devon.park@contoso.example";
        await factory.UpdateAccountAsync(email, a => a.PasswordHash = new Microsoft.AspNetCore.Identity.PasswordHasher<Account>().HashPassword(a, DemoData.Password));

        var response = await factory.CreateClient().PostSessionAsync(email, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var account = await factory.AccountAsync(email);
        Assert.StartsWith("$argon2id$v=19$m=8192,t=1,p=1$", account.PasswordHash, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.PasswordRehashed && e.TargetAccountId == account.Id, ApiClient.Ct)));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostSessionAsync(email, DemoData.Password)).StatusCode);
    }

    [Fact]
    public async Task CreateSession_HashWithOldArgonParameters_IsRehashedWithCurrentOnes()
    {
        const string email = "mika.yamada@contoso.example";
        var old = new Portico.Web.Infrastructure.Passwords.Argon2idPasswordHasher(
            Microsoft.Extensions.Options.Options.Create(new Portico.Web.Infrastructure.Passwords.Argon2Options { MemoryKiB = 4096, Iterations = 3 }));
        await factory.UpdateAccountAsync(email, a => a.PasswordHash = old.HashPassword(a, DemoData.Password));

        var response = await factory.CreateClient().PostSessionAsync(email, DemoData.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("$argon2id$v=19$m=8192,t=1,p=1$", (await factory.AccountAsync(email)).PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openapi_Document_DescribesTheSessionRoutes()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/session", out _));
        Assert.True(paths.TryGetProperty("/api/v1/me/sessions", out _));
    }

    [Fact]
    public async Task Health_Endpoints_AnswerOk()
    {
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ApiClient.Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", ApiClient.Ct)).StatusCode);
    }
}
