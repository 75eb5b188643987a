using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;

namespace Portico.Tests.Accounts;

public sealed partial class PersonalSignUpTests : IClassFixture<DemoPortalFactory>
{
    private readonly DemoPortalFactory factory;

    public PersonalSignUpTests(DemoPortalFactory factory) => this.factory = factory;

    private static string CodeIn(MimeMessage message)
    {
        var match = CodeRegex().Match(message.TextBody ?? "");
        Assert.True(match.Success, message.TextBody);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task SignUp_NewEmail_EmailedCodeCreatesAccountThatSignsIn()
    {
        var email = Builders.UniqueEmail("pat");
        var client = factory.CreateClient();

        var started = await client.PostJsonAsync("/api/v1/personal-accounts", new { email, password = Builders.GoodPassword, displayName = "Pat Person" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("verification_sent", (await started.JsonAsync()).GetProperty("status").GetString());
        await (await client.PostSessionAsync(email, Builders.GoodPassword)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        var message = Assert.Single(factory.Outbox.To(email));
        Assert.Equal("Your Portico verification code", message.Subject);
        var code = CodeIn(message);

        var verified = await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code });

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var account = await verified.JsonAsync();
        Assert.Equal("Personal", account.GetProperty("kind").GetString());
        Assert.Equal("Pat Person", account.GetProperty("displayName").GetString());
        var session = await (await client.PostSessionAsync(email, Builders.GoodPassword)).JsonAsync();
        Assert.Equal("Personal", session.GetProperty("account").GetProperty("kind").GetString());

        // The code was used: it cannot create anything again.
        await (await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");

        // No secret reached the audit trail.
        var details = await factory.WithDbAsync(db => db.AuditEvents.Select(e => e.Details ?? "").ToListAsync(ApiClient.Ct));
        Assert.DoesNotContain(details, d => d.Contains(code, StringComparison.Ordinal) || d.Contains(Builders.GoodPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignUp_AlreadyRegisteredEmail_SameAnswerAndOwnerIsWarnedWithoutCode()
    {
        var client = factory.CreateClient();
        var fresh = await client.PostJsonAsync("/api/v1/personal-accounts", new { email = Builders.UniqueEmail("fresh"), password = Builders.GoodPassword, displayName = "Someone" });
        var signUpsBefore = await factory.WithDbAsync(db => db.PersonalSignUps.CountAsync(ApiClient.Ct));
        var accountsBefore = await factory.WithDbAsync(db => db.Users.CountAsync(ApiClient.Ct));

        var taken = await client.PostJsonAsync("/api/v1/personal-accounts", new { email = DemoData.SharedEmail, password = Builders.GoodPassword, displayName = "Someone" });

        Assert.Equal(fresh.StatusCode, taken.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(ApiClient.Ct), await taken.Content.ReadAsStringAsync(ApiClient.Ct));
        Assert.Equal(fresh.HeaderLines(), taken.HeaderLines());

        var warning = Assert.Single(factory.Outbox.To(DemoData.SharedEmail));
        Assert.Equal("Someone tried to create a Portico account with your email", warning.Subject);
        Assert.DoesNotMatch(CodeRegex(), warning.TextBody);
        Assert.Equal(signUpsBefore, await factory.WithDbAsync(db => db.PersonalSignUps.CountAsync(ApiClient.Ct)));
        Assert.Equal(accountsBefore, await factory.WithDbAsync(db => db.Users.CountAsync(ApiClient.Ct)));

        // The existing personal account keeps its own password.
        await (await client.PostSessionAsync(DemoData.SharedEmail, Builders.GoodPassword, "Personal")).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task SignUp_EmailOfWorkAccountOnly_CreatesPersonalAccountBesideIt()
    {
        const string email = "nora.admin@northwind.example";
        var client = factory.CreateClient();

        await client.PostJsonAsync("/api/v1/personal-accounts", new { email, password = Builders.GoodPassword, displayName = "Nora at home" });
        var verified = await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code = CodeIn(factory.Outbox.LatestTo(email)!) });

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("Personal", (await (await client.PostSessionAsync(email, Builders.GoodPassword)).JsonAsync()).GetProperty("account").GetProperty("kind").GetString());
        Assert.Equal("Work", (await (await client.PostSessionAsync(email, DemoData.Password)).JsonAsync()).GetProperty("account").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Verify_WrongCodeFiveTimes_RightCodeNoLongerWorks()
    {
        var email = Builders.UniqueEmail("guesser");
        var client = factory.CreateClient();
        await client.PostJsonAsync("/api/v1/personal-accounts", new { email, password = Builders.GoodPassword, displayName = "Guesser" });
        var code = CodeIn(factory.Outbox.LatestTo(email)!);
        var wrong = ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code = wrong })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        }

        await (await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(a => a.Email == email, ApiClient.Ct)));
    }

    [Fact]
    public async Task Verify_AfterFifteenMinutes_CodeHasExpired()
    {
        var email = Builders.UniqueEmail("slow");
        var client = factory.CreateClient();
        await client.PostJsonAsync("/api/v1/personal-accounts", new { email, password = Builders.GoodPassword, displayName = "Slow" });
        var code = CodeIn(factory.Outbox.LatestTo(email)!);

        factory.Time.Advance(PersonalAccountService.CodeLifetime + TimeSpan.FromSeconds(1));

        await (await client.PostJsonAsync("/api/v1/personal-accounts/verify", new { email, code })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
    }

    [Fact]
    public async Task Verify_UnknownEmail_AnswersLikeAWrongCode()
    {
        var response = await factory.CreateClient().PostJsonAsync("/api/v1/personal-accounts/verify", new { email = Builders.UniqueEmail("nobody"), code = "123456" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
    }

    [Fact]
    public async Task Me_PersonalAccountWhoseEmailHasWorkAccount_ListsTheWorkAccount()
    {
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(DemoData.SharedEmail, DemoData.Password, "Personal"));

        var me = await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();

        Assert.Equal("Personal", me.GetProperty("account").GetProperty("kind").GetString());
        Assert.Empty(me.GetProperty("capabilities").EnumerateArray());
        var other = Assert.Single(me.GetProperty("otherAccounts").EnumerateArray());
        Assert.Equal("Work", other.GetProperty("kind").GetString());
        Assert.Equal("Contoso Cloud Solutions", other.GetProperty("organizationName").GetString());
    }

    [Fact]
    public async Task Me_WorkAccountWithoutPersonalAccount_ListsNoOtherAccounts()
    {
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync("sam.lee@contoso.example", DemoData.Password));

        var me = await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();

        Assert.Empty(me.GetProperty("otherAccounts").EnumerateArray());
        Assert.Contains(me.GetProperty("roles").EnumerateArray(), r => r.GetProperty("role").GetString() == "BillingAdmin");
    }

    [Theory]
    [InlineData(null, "Switch account", "The roles and benefits of Contoso Cloud Solutions live in your work account")]
    [InlineData("ja-JP", "アカウントを切り替える", "Contoso Cloud Solutions のロールと特典は")]
    public async Task HomePage_PersonalAccountWhoseEmailHasWorkAccount_ShowsSwitchAccountBanner(string? language, string button, string text)
    {
        var token = await factory.CreateClient().SignInAsync(DemoData.SharedEmail, DemoData.Password, "Personal");
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"portico_session={token}");
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.GetAsync("/", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(ApiClient.Ct));
        Assert.Contains(button, html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
        Assert.Contains(Html.PostForms(html), f => f.Action == "/SignIn/Switch");
    }

    [Fact]
    public async Task HomePage_WorkAccount_ShowsNoSwitchBanner()
    {
        var token = await factory.CreateClient().SignInAsync(DemoData.SharedEmail, DemoData.Password, "Work");
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", $"portico_session={token}");

        var html = await (await client.GetAsync("/", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);

        Assert.Contains("Taylor Tanaka", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Switch account", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?<!\d)(\d{6})(?!\d)")]
    private static partial Regex CodeRegex();
}
