using System.Net;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.SecurityInfo;

public sealed class MfaTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static string CodeAt(string secret, DateTimeOffset now) => Totp.Compute(Totp.Base32Decode(secret), Totp.TimeStep(now));

    private string CurrentCode(string secret) => CodeAt(secret, factory.Time.GetUtcNow());

    /// <summary>A work account (Admin agent, so it holds the sensitive "customers" capability) with an authenticator; returns its email and secret.</summary>
    private async Task<(string Email, string Secret)> AnAccountWithAuthenticatorAsync(MfaPolicy policy = MfaPolicy.SensitiveCapabilities)
    {
        var org = await factory.AnOrganizationAsync();
        if (policy != MfaPolicy.SensitiveCapabilities)
        {
            await factory.WithDbAsync(async db =>
            {
                var o = await db.Organizations.SingleAsync(x => x.Id == org.Organization.Id, ApiClient.Ct);
                o.MfaPolicy = policy;
                return await db.SaveChangesAsync(ApiClient.Ct);
            });
        }

        var account = await factory.AWorkAccountAsync(org.Organization.Id, roles: ["AdminAgent"]);
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword));
        if (policy == MfaPolicy.Everyone)
        {
            return (account.Email!, "");
        }

        var begin = await client.PostJsonAsync("/api/v1/me/authenticator", new { });
        Assert.True(begin.IsSuccessStatusCode, await begin.Content.ReadAsStringAsync(ApiClient.Ct));
        var setup = await begin.JsonAsync();
        var secret = setup.GetProperty("secret").GetString()!;
        Assert.StartsWith("otpauth://totp/Portico:", setup.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        var confirm = await client.PostJsonAsync("/api/v1/me/authenticator/confirm", new { code = CurrentCode(secret) });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        return (account.Email!, secret);
    }

    [Fact]
    public async Task SignIn_WithAuthenticator_RequiresCodeThenOpensSensitiveCapability()
    {
        var (email, secret) = await AnAccountWithAuthenticatorAsync();

        var response = await factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("mfaRequired").GetBoolean());
        var client = factory.ApiClientFor(body.GetProperty("token").GetString()!);
        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "mfa_required");

        var mfa = await client.PostJsonAsync("/api/v1/session/mfa", new { code = CurrentCode(secret) });

        Assert.Equal(HttpStatusCode.NoContent, mfa.StatusCode);
        var me = await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).JsonAsync();
        Assert.True(me.GetProperty("mfaCompleted").GetBoolean());
        Assert.Contains("customers", me.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task SessionMfa_SameCodeTwice_SecondIsRefused()
    {
        var (email, secret) = await AnAccountWithAuthenticatorAsync();
        var code = CurrentCode(secret);
        var first = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        Assert.Equal(HttpStatusCode.NoContent, (await first.PostJsonAsync("/api/v1/session/mfa", new { code })).StatusCode);

        var second = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var replay = await second.PostJsonAsync("/api/v1/session/mfa", new { code });

        await replay.AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        await (await second.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "mfa_required");
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NoContent, (await second.PostJsonAsync("/api/v1/session/mfa", new { code = CurrentCode(secret) })).StatusCode);
    }

    [Fact]
    public async Task SessionMfa_TenWrongCodes_LocksTheAccountAndEmailsTheOwner()
    {
        var (email, secret) = await AnAccountWithAuthenticatorAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        var good = CurrentCode(secret);
        var wrong = Enumerable.Range(0, 10).Select(i => ((int.Parse(good, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

        foreach (var code in wrong)
        {
            await (await client.PostJsonAsync("/api/v1/session/mfa", new { code })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        }

        await (await client.PostJsonAsync("/api/v1/session/mfa", new { code = good })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        var account = await factory.AccountAsync(email);
        Assert.NotNull(account.LockedUntilUtc);
        Assert.NotNull(factory.Outbox.LatestTo(email));
        Assert.Contains(factory.Outbox.To(email), m => (m.Subject ?? "").Contains("locked", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SignIn_PolicyEveryoneWithoutMethod_WalksThroughRegistration()
    {
        var (email, _) = await AnAccountWithAuthenticatorAsync(MfaPolicy.Everyone);

        var body = await (await factory.CreateClient().PostSessionAsync(email, Builders.GoodPassword)).JsonAsync();
        Assert.True(body.GetProperty("mfaRequired").GetBoolean());
        Assert.True(body.GetProperty("mfaRegistrationRequired").GetBoolean());
        var client = factory.ApiClientFor(body.GetProperty("token").GetString()!);
        await (await client.GetAsync("/api/v1/me", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "mfa_required");
        await (await client.PostJsonAsync("/api/v1/session/mfa", new { code = "123456" })).AssertProblemAsync(HttpStatusCode.Conflict, "mfa_registration_required");

        var secret = (await (await client.PostJsonAsync("/api/v1/me/authenticator", new { })).JsonAsync()).GetProperty("secret").GetString()!;
        var confirm = await client.PostJsonAsync("/api/v1/me/authenticator/confirm", new { code = CurrentCode(secret) });

        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", ApiClient.Ct)).StatusCode);
    }

    [Fact]
    public async Task AuthenticatorEnrolment_WhileMfaPendingWithMethod_IsRefused()
    {
        var (email, _) = await AnAccountWithAuthenticatorAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));

        var attempt = await client.PostJsonAsync("/api/v1/me/authenticator", new { });

        await attempt.AssertProblemAsync(HttpStatusCode.Forbidden, "mfa_required");
    }

    [Fact]
    public async Task RecoveryCodes_NeedRecentReauthentication_AndEachWorksOnce()
    {
        var (email, secret) = await AnAccountWithAuthenticatorAsync();
        var client = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/session/mfa", new { code = CurrentCode(secret) })).StatusCode);
        factory.Time.Advance(TimeSpan.FromMinutes(11));

        await (await client.PostJsonAsync("/api/v1/me/recovery-codes", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
        await (await client.PostJsonAsync("/api/v1/me/reauthenticate", new { password = "wrong-password-entirely" })).AssertProblemAsync(HttpStatusCode.BadRequest, "current_password_incorrect");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/me/reauthenticate", new { password = Builders.GoodPassword })).StatusCode);
        var codes = (await (await client.PostJsonAsync("/api/v1/me/recovery-codes", new { })).JsonAsync()).GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Contains(factory.Outbox.To(email), m => (m.Subject ?? "").Contains("recovery codes", StringComparison.Ordinal));

        var next = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        Assert.Equal(HttpStatusCode.NoContent, (await next.PostJsonAsync("/api/v1/session/mfa", new { code = codes[3].ToLowerInvariant() })).StatusCode);
        var again = factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, Builders.GoodPassword));
        await (await again.PostJsonAsync("/api/v1/session/mfa", new { code = codes[3] })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        var summary = await (await next.GetAsync("/api/v1/me/security-info", ApiClient.Ct)).JsonAsync();
        Assert.Equal(9, summary.GetProperty("recoveryCodesLeft").GetInt32());
        var account = await factory.AccountAsync(email);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.TargetAccountId == account.Id && e.Type == AuditEventType.RecoveryCodeUsed, ApiClient.Ct)));
    }

    [Fact]
    public async Task SignInPage_WithAuthenticator_AsksForCodeOnSecondStep()
    {
        var (email, secret) = await AnAccountWithAuthenticatorAsync();
        var page = new PageClient(factory);

        var signIn = await page.PostFormAsync("/SignIn", [new("Input.Email", email), new("Input.Password", Builders.GoodPassword)]);
        Assert.StartsWith("/SignIn/Mfa", signIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var blocked = await page.GetAsync("/Profile/Sessions");
        Assert.StartsWith("/SignIn/Mfa", blocked.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var wrong = await page.PostFormAsync("/SignIn/Mfa", [new("Code", "000000")]);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("error-summary", page.LastHtml, StringComparison.Ordinal);
        var done = await page.PostFormAsync("/SignIn/Mfa", [new("Code", CurrentCode(secret))]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/Profile/Sessions")).StatusCode);
    }

    [Fact]
    public async Task SecurityInfoPage_AddsAuthenticatorWithQrCodeAndSecret()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        var page = new PageClient(factory);
        await page.SignInAsync(account.Email!, Builders.GoodPassword);

        await page.PostFormAsync("/Profile/SecurityInfo", [], "/Profile/SecurityInfo?handler=AddAuthenticator");
        await page.GetAsync("/Profile/SecurityInfo");
        Assert.Contains("data:image/png;base64,", page.LastHtml, StringComparison.Ordinal);
        var secret = System.Text.RegularExpressions.Regex.Match(page.LastHtml, "data-testid=\"authenticator-secret\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var confirm = await page.PostFormAsync("/Profile/SecurityInfo", [new("Code", CurrentCode(secret))], "/Profile/SecurityInfo?handler=ConfirmAuthenticator");

        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.True((await factory.AccountAsync(account.Email!)).TwoFactorEnabled);
        Assert.Contains(factory.Outbox.To(account.Email!), m => (m.Subject ?? "").Contains("authenticator app added", StringComparison.Ordinal));
    }
}
