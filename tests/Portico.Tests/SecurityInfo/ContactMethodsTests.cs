using System.Net;
using System.Text.RegularExpressions;
using Portico.Tests.Infrastructure;
using Portico.Tests.Recovery;

namespace Portico.Tests.SecurityInfo;

public sealed partial class ContactMethodsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private async Task<(string Email, HttpClient Client)> SignedInAsync()
    {
        var org = await factory.AnOrganizationAsync();
        var account = await factory.AWorkAccountAsync(org.Organization.Id);
        return (account.Email!, factory.ApiClientFor(await factory.CreateClient().SignInAsync(account.Email!, Builders.GoodPassword)));
    }

    private string LatestSms(string phone)
    {
        var file = Directory.GetFiles(factory.PickupDirectory, "*.sms.txt")
            .Select(f => File.ReadAllText(f))
            .LastOrDefault(text => text.StartsWith("To: " + phone + "\n", StringComparison.Ordinal));
        Assert.NotNull(file);
        return SixDigits().Match(file).Value;
    }

    [Fact]
    public async Task AlternateEmail_CodeFromMailbox_RegistersItAndRecoveryCopiesTheLinkThere()
    {
        var (email, client) = await SignedInAsync();
        var alternate = Builders.UniqueEmail("alt", "example.net");

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/v1/me/alternate-email", new { email = alternate })).StatusCode);
        var code = SixDigits().Match(factory.Outbox.LatestTo(alternate)!.Body()).Value;
        await (await client.PostJsonAsync("/api/v1/me/alternate-email/verify", new { code = code == "000000" ? "111111" : "000000" })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/me/alternate-email/verify", new { code })).StatusCode);

        var info = await (await client.GetAsync("/api/v1/me/security-info", ApiClient.Ct)).JsonAsync();
        Assert.True(info.GetProperty("alternateEmailVerified").GetBoolean());
        Assert.Contains(factory.Outbox.To(email), m => (m.Subject ?? "").Contains("alternate email added", StringComparison.Ordinal));

        await factory.RequestRecoveryAsync(email);
        Assert.Contains("/SignIn/ResetPassword?token=", factory.Outbox.LatestTo(alternate)!.Body(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phone_CodeFromSmsOutbox_RegistersTheNumber()
    {
        var (_, client) = await SignedInAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostJsonAsync("/api/v1/me/phone", new { phone = "+81 90-1234-5678" })).StatusCode);
        var code = LatestSms("+819012345678");
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync("/api/v1/me/phone/verify", new { code })).StatusCode);

        var info = await (await client.GetAsync("/api/v1/me/security-info", ApiClient.Ct)).JsonAsync();
        Assert.True(info.GetProperty("phoneVerified").GetBoolean());
        Assert.Equal("+819012345678", info.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Phone_NotANumber_IsRefused()
    {
        var (_, client) = await SignedInAsync();

        var problem = await (await client.PostJsonAsync("/api/v1/me/phone", new { phone = "call me maybe" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains("phone:invalid_phone", problem.FieldErrors());
    }

    [Fact]
    public async Task Verification_FiveWrongCodes_UsesTheCodeUp()
    {
        var (_, client) = await SignedInAsync();
        await client.PostJsonAsync("/api/v1/me/phone", new { phone = "+14255550123" });
        var code = LatestSms("+14255550123");
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            await (await client.PostJsonAsync("/api/v1/me/phone/verify", new { code = wrong })).AssertProblemAsync(HttpStatusCode.BadRequest, "invalid_code");
        }

        await (await client.PostJsonAsync("/api/v1/me/phone/verify", new { code })).AssertProblemAsync(HttpStatusCode.Conflict, "no_pending_verification");
    }

    [Fact]
    public async Task Changes_WithoutRecentReauthentication_AreRefused()
    {
        var (_, client) = await SignedInAsync();
        factory.Time.Advance(TimeSpan.FromMinutes(11));

        await (await client.PostJsonAsync("/api/v1/me/alternate-email", new { email = Builders.UniqueEmail("alt") })).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
        await (await client.PostJsonAsync("/api/v1/me/authenticator", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "reauthentication_required");
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
